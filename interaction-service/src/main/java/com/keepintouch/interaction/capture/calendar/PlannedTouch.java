package com.keepintouch.interaction.capture.calendar;

import java.time.Instant;

/**
 * A future meeting with a contact, from a calendar: announced on interactions.v1 as
 * interaction.planned, again when it moves, and with {@code cancelled} when it is called off.
 *
 * @param externalId {@code ical/<UID>[/<RECURRENCE-ID>]}, the calendar event it comes from
 * @param feedId the feed that last showed it; null when it came from an imported file
 */
record PlannedTouch(
        String id,
        String ownerId,
        String contactId,
        Instant plannedFor,
        String summary,
        String externalId,
        boolean cancelled,
        String feedId,
        Instant updatedAt,
        long version) {

    /** Whether a consumer would see a difference: the time, the title, or whether it is still on. */
    boolean announcesDifferently(PlannedTouch other) {
        return !plannedFor.equals(other.plannedFor)
                || cancelled != other.cancelled
                || !java.util.Objects.equals(summary, other.summary);
    }
}
