package com.keepintouch.reminder.relationship.domain;

/**
 * A change worth telling others about.
 *
 * @param type the event type on relationships.v1
 * @param occasion what makes it unique (e.g. {@code due@2026-06-21T10:00:00Z}): a transition is
 *     emitted once per occasion, however often and by however many instances it is computed
 * @param previousStatus the status before, null for a new relationship
 * @param state the state it leads to, explained
 * @param snooze for {@code relationship.snoozed}, the request
 */
public record Transition(
        String type, String occasion, RelationshipStatus previousStatus, Assessment state, Snooze snooze) {

    public static final String DUE = "relationship.due";
    public static final String OVERDUE = "relationship.overdue";
    public static final String RECOVERED = "relationship.recovered";
    public static final String NON_RESPONSIVE = "relationship.non_responsive";
    public static final String ASK_TOO_SOON = "relationship.ask_too_soon";
    public static final String SNOOZED = "relationship.snoozed";
}
