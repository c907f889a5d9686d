package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.List;

/**
 * The state of a relationship at one instant, explained.
 *
 * @param lastTouchAt null when there was no touch yet
 * @param cycle the number of touches so far: each touch starts a new cycle of the relationship
 * @param nextCheckAt when the passing of time alone changes the status next; null if it cannot
 * @param snoozedUntil the snooze that holds the due date back, if one does
 * @param plannedTouch the next planned touch ahead that still stands, if any
 * @param plannedUntil when the planned touch that holds the due date back was planned for, if one
 *     does (ahead, or passed without a touch since)
 * @param reciprocity how the contact treats the recruiter
 * @param strength how strong the relationship is, explained
 * @param suggestion the library item the suggested action names; null when it names none
 */
public record Assessment(
        RelationshipStatus status,
        Cadence cadence,
        int intervalDays,
        Instant lastTouchAt,
        Instant nextDueAt,
        Instant overdueAt,
        int unansweredOutreaches,
        int gives,
        int asks,
        int cycle,
        Instant snoozedUntil,
        PlannedTouch plannedTouch,
        Instant plannedUntil,
        List<String> reasons,
        String suggestedAction,
        Instant nextCheckAt,
        Reciprocity reciprocity,
        Strength strength,
        Suggestion suggestion) {

    public Assessment {
        reasons = List.copyOf(reasons);
    }

    /** The same assessment with its strength and the suggestion, both computed from it. */
    Assessment scored(Strength strength, Suggestion suggestion) {
        return new Assessment(
                status,
                cadence,
                intervalDays,
                lastTouchAt,
                nextDueAt,
                overdueAt,
                unansweredOutreaches,
                gives,
                asks,
                cycle,
                snoozedUntil,
                plannedTouch,
                plannedUntil,
                reasons,
                suggestedAction,
                nextCheckAt,
                reciprocity,
                strength,
                suggestion);
    }

    /** The same assessment with one more reason in front and another action. */
    public Assessment because(String reason, String action) {
        List<String> more = new java.util.ArrayList<>(reasons.size() + 1);
        more.add(reason);
        more.addAll(reasons);
        return explained(more, action);
    }

    Assessment explained(List<String> reasons, String action) {
        return new Assessment(
                status,
                cadence,
                intervalDays,
                lastTouchAt,
                nextDueAt,
                overdueAt,
                unansweredOutreaches,
                gives,
                asks,
                cycle,
                snoozedUntil,
                plannedTouch,
                plannedUntil,
                reasons,
                action,
                nextCheckAt,
                reciprocity,
                strength,
                suggestion);
    }
}
