package com.keepintouch.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.domain.DigestPeriod.Cadence;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DigestPeriodTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aDailyDigestIsDueAtTheLocalHourOnBothSidesOfTheSpringChange() {
        // Europe/Berlin moves from +01:00 to +02:00 on 2026-03-29.
        DigestPeriod before =
                DigestPeriod.latest(Cadence.DAILY, BERLIN, 8, DayOfWeek.MONDAY, Instant.parse("2026-03-28T12:00:00Z"));
        DigestPeriod after =
                DigestPeriod.latest(Cadence.DAILY, BERLIN, 8, DayOfWeek.MONDAY, Instant.parse("2026-03-29T12:00:00Z"));

        assertThat(before).isEqualTo(new DigestPeriod("D2026-03-28", Instant.parse("2026-03-28T07:00:00Z")));
        assertThat(after).isEqualTo(new DigestPeriod("D2026-03-29", Instant.parse("2026-03-29T06:00:00Z")));
    }

    @Test
    void beforeTheHourTheLatestPeriodIsYesterdays() {
        DigestPeriod period =
                DigestPeriod.latest(Cadence.DAILY, BERLIN, 8, DayOfWeek.MONDAY, Instant.parse("2026-03-29T05:59:59Z"));

        assertThat(period.key()).isEqualTo("D2026-03-28");
        assertThat(DigestPeriod.next(Cadence.DAILY, BERLIN, 8, DayOfWeek.MONDAY, Instant.parse("2026-03-29T05:59:59Z")))
                .isEqualTo(new DigestPeriod("D2026-03-29", Instant.parse("2026-03-29T06:00:00Z")));
    }

    @Test
    void anHourThatDoesNotExistMovesOnAndOneThatHappensTwiceIsTheFirst() {
        // New York: 02:00 does not exist on 2026-03-08; 01:00 happens twice on 2026-11-01.
        assertThat(DigestPeriod.latest(
                                Cadence.DAILY, NEW_YORK, 2, DayOfWeek.MONDAY, Instant.parse("2026-03-08T12:00:00Z"))
                        .dueAt())
                .isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(DigestPeriod.latest(
                                Cadence.DAILY, NEW_YORK, 1, DayOfWeek.MONDAY, Instant.parse("2026-11-01T12:00:00Z"))
                        .dueAt())
                .isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
    }

    @Test
    void aWeeklyDigestIsDueOnItsDayAndKeyedByIt() {
        // Monday 2026-10-26 (after Europe's fall change) and Monday 2026-10-19 (before it).
        DigestPeriod period =
                DigestPeriod.latest(Cadence.WEEKLY, BERLIN, 9, DayOfWeek.MONDAY, Instant.parse("2026-10-28T12:00:00Z"));
        DigestPeriod earlier =
                DigestPeriod.latest(Cadence.WEEKLY, BERLIN, 9, DayOfWeek.MONDAY, Instant.parse("2026-10-26T07:59:00Z"));

        assertThat(period).isEqualTo(new DigestPeriod("W2026-10-26", Instant.parse("2026-10-26T08:00:00Z")));
        assertThat(earlier).isEqualTo(new DigestPeriod("W2026-10-19", Instant.parse("2026-10-19T07:00:00Z")));
    }

    @Test
    void everyInstanceAndRestartAgreesOnThePeriod() {
        Instant now = Instant.parse("2026-07-01T10:00:00Z");

        assertThat(DigestPeriod.latest(Cadence.DAILY, NEW_YORK, 6, DayOfWeek.MONDAY, now))
                .isEqualTo(DigestPeriod.latest(Cadence.DAILY, NEW_YORK, 6, DayOfWeek.MONDAY, now.plusSeconds(60)));
    }
}
