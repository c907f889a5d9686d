package com.keepintouch.reminder.relationship.domain;

import java.time.Duration;
import java.util.Map;

/**
 * The numbers behind the rules; an operator may tune each.
 *
 * @param tierDefaultDays cadence per tier when neither explicit nor learned
 * @param learnMinTouchDays touch days needed before a cadence is learned
 * @param learnFromIntervals how many of the latest intervals the learned cadence is the median of
 * @param nonResponsiveAfter outreaches in a row without a reply that make a contact non-responsive
 * @param maxBackoffDays longest wait the non-responsive back-off grows to
 * @param askGrace an ask this soon after meeting is too soon
 * @param newContactSpread window over which the first due dates of new contacts are spread
 * @param plannedGrace how long after a planned touch's time the relationship still waits for it to
 *     be recorded (a calendar records a meeting once it has begun, at its next poll)
 */
public record ReminderSettings(
        Map<Tier, Integer> tierDefaultDays,
        int learnMinTouchDays,
        int learnFromIntervals,
        int nonResponsiveAfter,
        int maxBackoffDays,
        Duration askGrace,
        Duration newContactSpread,
        Duration plannedGrace) {

    public static final int MAX_CADENCE_DAYS = 730;

    public ReminderSettings {
        if (learnFromIntervals < 1 || learnFromIntervals + 1 > TouchSummary.DAYS_KEPT) {
            throw new IllegalArgumentException(
                    "learnFromIntervals must be between 1 and " + (TouchSummary.DAYS_KEPT - 1)
                            + ", the touch days a relationship keeps; was " + learnFromIntervals);
        }
        tierDefaultDays = Map.copyOf(tierDefaultDays);
        for (Tier tier : Tier.values()) {
            if (!tierDefaultDays.containsKey(tier)) {
                throw new IllegalArgumentException("no default cadence for tier " + tier);
            }
        }
    }

    /** These settings with another grace after a planned touch. */
    public ReminderSettings withPlannedGrace(Duration grace) {
        return new ReminderSettings(
                tierDefaultDays,
                learnMinTouchDays,
                learnFromIntervals,
                nonResponsiveAfter,
                maxBackoffDays,
                askGrace,
                newContactSpread,
                grace);
    }

    /**
     * The values reminder-service ships with (its application.yml, which a test checks), for unit
     * tests of the rules. The service itself reads every value from {@code kit.reminders.*}.
     */
    public static ReminderSettings defaults() {
        return new ReminderSettings(
                Map.of(Tier.CLOSE, 30, Tier.REGULAR, 90, Tier.DISTANT, 180),
                4,
                8,
                3,
                MAX_CADENCE_DAYS,
                Duration.ofDays(30),
                Duration.ofDays(14),
                Duration.ofDays(1));
    }
}
