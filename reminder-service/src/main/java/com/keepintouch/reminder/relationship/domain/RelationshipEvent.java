package com.keepintouch.reminder.relationship.domain;

/** Something that happened to one relationship, as this service understands it. */
public sealed interface RelationshipEvent {

    record ContactChanged(ContactFacts contact) implements RelationshipEvent {}

    record ContactDeleted(long version) implements RelationshipEvent {}

    record InteractionRecorded(Touchpoint touchpoint) implements RelationshipEvent {}

    record InteractionDeleted(String interactionId) implements RelationshipEvent {}

    /** A touch planned, moved or cancelled (a version of the plan). */
    record TouchPlanned(PlannedTouch planned) implements RelationshipEvent {}

    /**
     * @param announce whether this request is new here (from the API) and must be published; a
     *     snooze read back from relationships.v1 is only folded
     */
    record Snoozed(Snooze snooze, boolean announce) implements RelationshipEvent {}
}
