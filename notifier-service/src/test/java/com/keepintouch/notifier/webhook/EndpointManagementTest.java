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
        PageRequest first = EndpointManagement.pageRequest(1, null);
        Page<String> page = first.page(List.of(FIRST, SECOND), Position::of, Function.identity());

        assertThat(page.items()).containsExactly(FIRST);
        assertThat(page.nextCursor()).isNotEqualTo(FIRST);
        assertThat(EndpointManagement.pageRequest(1, page.nextCursor()).after()).contains(Position.of(FIRST));
    }

    @Test
    void aCursorOfTheFormTheListGaveOutBeforeTheRawIdStillResumes() {
        PageRequest page = EndpointManagement.pageRequest(10, FIRST);

        assertThat(page.limit()).isEqualTo(10);
        assertThat(page.after()).contains(Position.of(FIRST));
    }

    @Test
    void aLimitOutsideOneToTwoHundredIsRefusedWhateverTheCursor() {
        for (String cursor : new String[] {null, FIRST}) {
            assertThatThrownBy(() -> EndpointManagement.pageRequest(201, cursor))
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .containsExactly(new Violation("limit", "must be between 1 and 200")));
        }
    }

    @Test
    void aCursorNamingSomethingElseIsRefused() {
        for (String foreign : List.of("not a cursor!", "ep_1", "e30")) {
            assertThatThrownBy(() -> EndpointManagement.pageRequest(10, foreign))
                    .as(foreign)
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .extracting(Violation::field)
                                    .containsExactly("cursor"));
        }
    }
}
