package com.keepintouch.notifier.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * One period of a digest: its key (the same for every instance and every restart, so a period is
 * sent once) and the instant it is due: {@code hour}:00 local time on its day, in the recipient's
 * time zone. Local time is what a person keeps across a daylight-saving change; an hour that does
 * not exist that day (spring forward) moves to the next one that does, and an hour that happens
 * twice (fall back) is the first of them.
 */
public record DigestPeriod(String key, Instant dueAt) {

    public enum Cadence {
        DAILY,
        WEEKLY
    }

    /** The latest period due at or before {@code now}. */
    public static DigestPeriod latest(Cadence cadence, ZoneId zone, int hour, DayOfWeek day, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        if (cadence == Cadence.DAILY) {
            DigestPeriod period = of(cadence, today, zone, hour);
            return period.dueAt().isAfter(now) ? of(cadence, today.minusDays(1), zone, hour) : period;
        }
        LocalDate start = today.with(TemporalAdjusters.previousOrSame(day));
        DigestPeriod period = of(cadence, start, zone, hour);
        return period.dueAt().isAfter(now) ? of(cadence, start.minusWeeks(1), zone, hour) : period;
    }

    /** The period after this one: when the next digest is due. */
    public static DigestPeriod next(Cadence cadence, ZoneId zone, int hour, DayOfWeek day, Instant now) {
        DigestPeriod latest = latest(cadence, zone, hour, day, now);
        LocalDate date = LocalDate.parse(latest.key().substring(1));
        return of(cadence, cadence == Cadence.DAILY ? date.plusDays(1) : date.plusWeeks(1), zone, hour);
    }

    static DigestPeriod of(Cadence cadence, LocalDate date, ZoneId zone, int hour) {
        Instant due = ZonedDateTime.of(date, LocalTime.of(hour, 0), zone).toInstant();
        return new DigestPeriod((cadence == Cadence.DAILY ? "D" : "W") + date, due);
    }
}
