package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.ReminderSettings;
import com.keepintouch.reminder.relationship.domain.Tier;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reminder service decides and how often it looks ({@code kit.reminders.*}).
 *
 * @param tierDefaultDays cadence in days per tier when none is set or learned; a tier not named
 *     keeps its default (CLOSE 30, REGULAR 90, DISTANT 180)
 * @param learnMinTouchDays touch days needed before a cadence is learned
 * @param learnFromIntervals a learned cadence is the median of this many latest intervals
 * @param nonResponsiveAfter outreaches in a row without a reply that make a contact non-responsive
 * @param maxBackoffDays longest the non-responsive back-off grows to
 * @param askGrace an ask this soon after meeting is too soon
 * @param newContactSpread new contacts' first due dates are spread over this window
 * @param sweepInterval how often time-driven transitions (due, overdue) are looked for
 * @param emitTransitions false to fold without publishing: a shadow instance rebuilding its state
 * @param consumerGroup the Kafka consumer group; a rebuilding shadow instance takes a new one
 */
@ConfigurationProperties("kit.reminders")
public record ReminderProperties(
        Map<Tier, Integer> tierDefaultDays,
        @DefaultValue("4") int learnMinTouchDays,
        @DefaultValue("8") int learnFromIntervals,
        @DefaultValue("3") int nonResponsiveAfter,
        @DefaultValue("730") int maxBackoffDays,
        @DefaultValue("30d") Duration askGrace,
        @DefaultValue("14d") Duration newContactSpread,
        @DefaultValue("1m") Duration sweepInterval,
        @DefaultValue("true") boolean emitTransitions,
        @DefaultValue("reminder-service") String consumerGroup) {

    ReminderSettings settings() {
        Map<Tier, Integer> tiers =
                new java.util.EnumMap<>(ReminderSettings.defaults().tierDefaultDays());
        if (tierDefaultDays != null) {
            tiers.putAll(tierDefaultDays);
        }
        return new ReminderSettings(
                tiers,
                learnMinTouchDays,
                learnFromIntervals,
                nonResponsiveAfter,
                maxBackoffDays,
                askGrace,
                newContactSpread);
    }
}
