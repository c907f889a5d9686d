package com.keepintouch.reminder.relationship.domain;

import com.keepintouch.platform.domain.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A snooze is asked for a number of days or until an instant, never both, and lasts at most a year. */
public final class SnoozeRules {

    public static final int MAX_DAYS = 365;

    private SnoozeRules() {}

    /**
     * The rule a snooze asked for {@code days} or {@code until} at {@code now} breaks (the first
     * one: they exclude each other); empty when it may be granted.
     */
    public static List<Violation> check(Instant until, Integer days, Instant now) {
        if ((until == null) == (days == null)) {
            return List.of(
                    new Violation("until", "give either 'until' (a future instant) or 'days' (1.." + MAX_DAYS + ")"));
        }
        if (days != null) {
            return days < 1 || days > MAX_DAYS
                    ? List.of(new Violation("days", "must be between 1 and " + MAX_DAYS))
                    : List.of();
        }
        if (!until.isAfter(now)) {
            return List.of(new Violation("until", "must be in the future"));
        }
        if (until.isAfter(now.plus(Duration.ofDays(MAX_DAYS)))) {
            return List.of(new Violation("until", "must be at most " + MAX_DAYS + " days ahead"));
        }
        return List.of();
    }

    /** When a snooze that passed {@link #check} ends. */
    public static Instant end(Instant until, Integer days, Instant now) {
        return days != null ? now.plus(Duration.ofDays(days)) : until;
    }
}
