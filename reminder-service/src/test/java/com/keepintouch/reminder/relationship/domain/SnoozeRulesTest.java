package com.keepintouch.reminder.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.platform.domain.Violation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnoozeRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aSnoozeOfOneToThreeHundredSixtyFiveDaysEndsThatManyDaysFromNow() {
        assertThat(SnoozeRules.check(null, 1, NOW)).isEmpty();
        assertThat(SnoozeRules.check(null, 365, NOW)).isEmpty();
        assertThat(SnoozeRules.end(null, 10, NOW)).isEqualTo(NOW.plus(Duration.ofDays(10)));
        assertThat(SnoozeRules.check(null, 0, NOW)).containsExactly(new Violation("days", "must be between 1 and 365"));
        assertThat(SnoozeRules.check(null, 366, NOW))
                .containsExactly(new Violation("days", "must be between 1 and 365"));
    }

    @Test
    void aSnoozeUntilAnInstantNeedsItAheadByAtMostAYear() {
        Instant inAYear = NOW.plus(Duration.ofDays(365));
        assertThat(SnoozeRules.check(inAYear, null, NOW)).isEmpty();
        assertThat(SnoozeRules.end(inAYear, null, NOW)).isEqualTo(inAYear);
        assertThat(SnoozeRules.check(NOW, null, NOW)).containsExactly(new Violation("until", "must be in the future"));
        assertThat(SnoozeRules.check(inAYear.plusMillis(1), null, NOW))
                .containsExactly(new Violation("until", "must be at most 365 days ahead"));
    }

    @Test
    void exactlyOneOfDaysAndUntilIsGiven() {
        Violation eitherOr = new Violation("until", "give either 'until' (a future instant) or 'days' (1..365)");
        assertThat(SnoozeRules.check(null, null, NOW)).containsExactly(eitherOr);
        assertThat(SnoozeRules.check(NOW.plusSeconds(60), 3, NOW)).containsExactly(eitherOr);
    }
}
