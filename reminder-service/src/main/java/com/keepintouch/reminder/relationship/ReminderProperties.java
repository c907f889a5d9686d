package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.ReminderSettings;
import com.keepintouch.reminder.relationship.domain.Tier;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the reminder service decides and how often it looks ({@code kit.reminders.*}). Every default
 * is in application.yml, and only there: the service reads each value from configuration.
 *
 * @param tierDefaultDays cadence in days per tier when none is set or learned
 * @param learnMinTouchDays touch days needed before a cadence is learned
 * @param learnFromIntervals a learned cadence is the median of this many latest intervals
 * @param nonResponsiveAfter outreaches in a row without a reply that make a contact non-responsive
 * @param maxBackoffDays longest the non-responsive back-off grows to
 * @param askGrace an ask this soon after meeting is too soon
 * @param newContactSpread new contacts' first due dates are spread over this window
 * @param plannedGrace how long after a planned touch's time the relationship still waits for it
 * @param sweepInterval how often time-driven transitions (due, overdue) are looked for
 * @param emitTransitions false to fold without publishing: a shadow instance rebuilding its state
 * @param consumerGroup the Kafka consumer group; a rebuilding shadow instance takes a new one
 * @param agendaBucket the span of one agenda document of checks to come
 * @param statusGaugesInterval how often relationships are counted by status for the gauges
 * @param statusGaugesInitialDelay how long after start-up they are first counted
 */
@ConfigurationProperties("kit.reminders")
public record ReminderProperties(
        Map<Tier, Integer> tierDefaultDays,
        int learnMinTouchDays,
        int learnFromIntervals,
        int nonResponsiveAfter,
        int maxBackoffDays,
        Duration askGrace,
        Duration newContactSpread,
        Duration plannedGrace,
        Duration sweepInterval,
        boolean emitTransitions,
        String consumerGroup,
        Duration agendaBucket,
        Duration statusGaugesInterval,
        Duration statusGaugesInitialDelay) {

    ReminderSettings settings() {
        return new ReminderSettings(
                tierDefaultDays,
                learnMinTouchDays,
                learnFromIntervals,
                nonResponsiveAfter,
                maxBackoffDays,
                askGrace,
                newContactSpread,
                plannedGrace);
    }
}
