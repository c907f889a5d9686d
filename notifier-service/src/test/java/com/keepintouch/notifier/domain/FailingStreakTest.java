package com.keepintouch.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.domain.FailingStreak.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailingStreakTest {

    static final Instant NOW = Instant.parse("2026-03-28T10:00:00Z");
    final FailingStreak streak = new FailingStreak(Duration.ofDays(5));

    @Test
    void aSuccessEndsTheStreak() {
        assertThat(streak.after(Outcome.Kind.DELIVERED, NOW.minusSeconds(60), NOW))
                .isEqualTo(Verdict.ENDS);
    }

    @Test
    void theFirstFailureStartsItAndLaterOnesGoOnUntilFiveDaysHavePassed() {
        assertThat(streak.after(Outcome.Kind.FAILED, null, NOW)).isEqualTo(Verdict.STARTS);
        assertThat(streak.after(Outcome.Kind.REFUSED, NOW.minus(Duration.ofDays(4)), NOW))
                .isEqualTo(Verdict.GOES_ON);
        assertThat(streak.after(Outcome.Kind.FAILED, NOW.minus(Duration.ofDays(5)), NOW))
                .isEqualTo(Verdict.DISABLE_FAILING);
        assertThat(FailingStreak.reason(Verdict.DISABLE_FAILING)).isEqualTo("FAILING");
        assertThat(FailingStreak.detail(Verdict.DISABLE_FAILING, NOW)).isEqualTo("Every attempt failed since " + NOW);
    }

    @Test
    void goneDisablesAtOnce() {
        assertThat(streak.after(Outcome.Kind.GONE, null, NOW)).isEqualTo(Verdict.DISABLE_GONE);
        assertThat(FailingStreak.reason(Verdict.DISABLE_GONE)).isEqualTo("GONE");
        assertThat(FailingStreak.detail(Verdict.DISABLE_GONE, null)).isEqualTo("The endpoint answered 410 Gone");
    }
}
