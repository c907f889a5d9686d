package com.keepintouch.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EndpointManagementTest {

    private static final String FIRST = "ep_0123456789abcdef01234567";
    private static final String SECOND = "ep_89abcdef0123456789abcdef";

    @Test
    void aCursorTheListGivesOutResumesAfterTheLastEndpoint() {
        PageRequest first = PageRequest.byId(1, null, EndpointManagement.ID_FORM);
        Page<String> page = first.page(List.of(FIRST, SECOND), Position::of, Function.identity());

        assertThat(page.items()).containsExactly(FIRST);
        assertThat(page.nextCursor()).isNotEqualTo(FIRST);
        assertThat(PageRequest.byId(1, page.nextCursor(), EndpointManagement.ID_FORM)
                        .after())
                .contains(Position.of(FIRST));
    }

    @Test
    void aCursorOfTheFormTheListGaveOutBeforeTheRawIdStillResumes() {
        PageRequest page = PageRequest.byId(10, FIRST, EndpointManagement.ID_FORM);

        assertThat(page.limit()).isEqualTo(10);
        assertThat(page.after()).contains(Position.of(FIRST));
    }

    @Test
    void aLimitOutsideOneToTwoHundredIsRefusedWhateverTheCursor() {
        for (String cursor : new String[] {null, FIRST}) {
            assertThatThrownBy(() -> PageRequest.byId(201, cursor, EndpointManagement.ID_FORM))
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .containsExactly(new Violation("limit", "must be between 1 and 200")));
        }
    }

    @Test
    void aCursorNamingSomethingElseIsRefused() {
        for (String foreign : List.of("not a cursor!", "ep_1", "e30")) {
            assertThatThrownBy(() -> PageRequest.byId(10, foreign, EndpointManagement.ID_FORM))
                    .as(foreign)
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .extracting(Violation::field)
                                    .containsExactly("cursor"));
        }
    }
}
