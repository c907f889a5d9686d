package com.keepintouch.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");

    @Test
    void aFullFetchAnswersTheLimitAndACursorThatResumesAfterTheLastItem() {
        PageRequest first = PageRequest.byInstantAndId(2, null);
        List<Position> fetched = List.of(new Position(AT, "a"), new Position(AT, "b"), new Position(AT, "c"));

        Page<String> page = first.page(fetched.subList(0, first.fetchSize()), Function.identity(), Position::id);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(PageRequest.byInstantAndId(2, page.nextCursor()).after()).contains(new Position(AT, "b"));
    }

    @Test
    void theLastPageHasNoCursor() {
        Page<String> page = PageRequest.byId(5, null).page(List.of("x", "y"), Position::of, s -> s);

        assertThat(page).isEqualTo(new Page<>(List.of("x", "y"), null));
    }

    @Test
    void anIdCursorRoundTripsIdsWithColons() {
        String cursor = PageRequest.encode(Position.of("owner:42"));

        assertThat(PageRequest.byId(10, cursor).after()).contains(Position.of("owner:42"));
    }

    @Test
    void aLimitOutsideOneToTwoHundredIsRefusedNamingIt() {
        for (int limit : new int[] {0, -1, 201}) {
            assertThatThrownBy(() -> PageRequest.byId(limit, null))
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .containsExactly(new Violation("limit", "must be between 1 and 200")));
        }
        assertThat(PageRequest.byId(200, null).limit()).isEqualTo(200);
    }

    @Test
    void aCursorThisApiDidNotGiveOutIsRefused() {
        String idCursor = PageRequest.encode(Position.of("c_1"));
        String timedCursor = PageRequest.encode(new Position(AT, "c_1"));
        for (String foreign : List.of("not base64!", "", "bm9jb2xvbg", idCursor)) {
            assertThatThrownBy(() -> PageRequest.byInstantAndId(10, foreign))
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .extracting(Violation::field)
                                    .containsExactly("cursor"));
        }
        assertThatThrownBy(() -> PageRequest.byId(10, timedCursor)).isInstanceOf(RequestRefused.class);
    }

    @Test
    void aCursorNamingAnIdOfAnotherFormIsRefusedWhenTheListSaysWhichForm() {
        Pattern form = Pattern.compile("c_[0-9a-f]{4}");
        String ours = PageRequest.encode(Position.of("c_00ff"));
        String foreign = PageRequest.encode(Position.of("{\"$gt\":\"\"}"));
        String timedForeign = PageRequest.encode(new Position(AT, "x"));

        assertThat(PageRequest.byId(10, ours, form).after()).contains(Position.of("c_00ff"));
        assertThat(PageRequest.byId(10, null, form).after()).isEmpty();
        assertThatThrownBy(() -> PageRequest.byId(10, foreign, form))
                .isInstanceOfSatisfying(
                        RequestRefused.class,
                        e -> assertThat(e.violations())
                                .containsExactly(new Violation("cursor", "is not a cursor this API gave out")));
        assertThatThrownBy(() -> PageRequest.byInstantAndId(10, timedForeign, form))
                .isInstanceOf(RequestRefused.class);
    }

    @Test
    void cursorsOfTheEarlierFormsStillResume() {
        String contactCursor = base64("c_0123");
        String relationshipCursor = base64(AT.toEpochMilli() + "|c_0123");

        assertThat(PageRequest.byId(10, contactCursor).after()).contains(Position.of("c_0123"));
        assertThat(PageRequest.byInstantAndId(10, relationshipCursor).after()).contains(new Position(AT, "c_0123"));
    }

    private static String base64(String raw) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aNumberedCursorRoundTripsTheScoreAndTheIdAndNoOtherListsCursorPassesForOne() {
        PageRequest first = PageRequest.byNumberAndId(1, null);
        Page<String> page = first.page(
                List.of(Position.of(72, "c_1:x"), Position.of(-3, "c_2")), Function.identity(), Position::id);

        assertThat(PageRequest.byNumberAndId(1, page.nextCursor()).after()).contains(Position.of(72, "c_1:x"));
        for (String foreign : List.of(
                PageRequest.encode(new Position(AT, "c_1")), PageRequest.encode(Position.of("c_1")), "bjpj", "!")) {
            assertThatThrownBy(() -> PageRequest.byNumberAndId(10, foreign))
                    .as(foreign)
                    .isInstanceOfSatisfying(
                            RequestRefused.class,
                            e -> assertThat(e.violations())
                                    .extracting(Violation::field)
                                    .containsExactly("cursor"));
        }
        assertThatThrownBy(() -> PageRequest.byInstantAndId(10, page.nextCursor()))
                .isInstanceOf(RequestRefused.class);
        assertThatThrownBy(() -> PageRequest.byId(10, page.nextCursor())).isInstanceOf(RequestRefused.class);
    }
}
