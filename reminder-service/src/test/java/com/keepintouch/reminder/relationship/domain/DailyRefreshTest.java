package com.keepintouch.reminder.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The daily refresh of a relationship's stored scores: once a day, at a time of day of its own. */
class DailyRefreshTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    @Test
    void theNextRefreshIsWithinADayAtTheSameTimeOfDayEveryDay() {
        Instant now = Instant.parse("2026-06-01T13:37:00Z");
        Instant next = rules.nextRefreshAt("c_1", now);

        assertThat(next).isAfter(now).isBeforeOrEqualTo(now.plus(Duration.ofDays(1)));
        assertThat(rules.nextRefreshAt("c_1", next)).isEqualTo(next.plus(Duration.ofDays(1)));
        assertThat(rules.nextRefreshAt("c_1", next.minusMillis(1))).isEqualTo(next);
        assertThat(rules.nextRefreshAt("c_1", now.plus(Duration.ofDays(40))))
                .as("the same time of day, whatever the day")
                .isEqualTo(next.plus(Duration.ofDays(40)));
    }

    @Test
    void refreshesAreSpreadOverTheDayNotAllAtMidnight() {
        Instant midnight = Instant.parse("2026-06-01T00:00:00Z");
        Set<Long> hours = new HashSet<>();
        IntStream.range(0, 200)
                .forEach(i -> hours.add(
                        ChronoUnit.HOURS.between(midnight, rules.nextRefreshAt("c_" + i, midnight.minusMillis(1)))));

        assertThat(hours).hasSizeGreaterThan(20).allSatisfy(h -> assertThat(h).isBetween(0L, 23L));
    }
}
