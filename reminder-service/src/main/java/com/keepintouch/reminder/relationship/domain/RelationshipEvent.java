package com.keepintouch.reminder.relationship.domain;

/** Something that happened to one relationship, as this service understands it. */
public sealed interface RelationshipEvent {

    record ContactChanged(ContactFacts contact) implements RelationshipEvent {}

    record ContactDeleted(long version) implements RelationshipEvent {}

    /**
     * The person was erased: the relationship keeps nothing personal from now on, and no later event
     * changes it.
     *
     * @param erasureId the erasure that asked for it; null when the contact is known to be erased only
     *     because an event of it arrived without its personal data (its key was gone)
     */
    record ContactErased(long version, String erasureId) implements RelationshipEvent {}

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
