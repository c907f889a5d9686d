package com.keepintouch.platform.personal;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InvalidEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A contact was erased, as every consumer of contacts.v1 reads it: from its {@code contact.erased}
 * ({@link #of}), or from an event of the contact that no longer opens because its key is gone
 * ({@link #foundIn}). One reading, so that the services that erase agree on what the event says.
 *
 * @param erasureId the erasure contact-service tracks, to confirm on erasures.v1; null when the
 *     contact was found erased by another event, which erases but has nothing to confirm
 * @param erasedAt when contact-service erased the contact (the event's time if it does not say)
 * @param sequence the sequence of the event, the contact's version
 * @param traceparent the trace context of the event, for what the erasure stages; null without one
 */
public record ContactErased(
        String contactId, String ownerId, String erasureId, Instant erasedAt, long sequence, String traceparent) {

    /** The event type contact-service publishes on contacts.v1 once a contact is erased. */
    public static final String TYPE = "contact.erased";

    /**
     * The erasure {@code event} announces; empty for an event of any other type.
     *
     * @throws InvalidEventException if it names no erasure or its erasedAt is not a date and time:
     *     no retry can fix it
     */
    public static Optional<ContactErased> of(InboundEvent event) {
        if (!TYPE.equals(event.type())) {
            return Optional.empty();
        }
        JsonNode data = event.data();
        String erasureId = data.path("erasureId").asString(null);
        if (erasureId == null) {
            throw new InvalidEventException(TYPE + " " + event.id() + " has no erasureId");
        }
        Instant erasedAt;
        try {
            erasedAt = Instant.parse(data.path("erasedAt").asString(event.time().toString()));
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(TYPE + " " + event.id() + " has an unreadable erasedAt");
        }
        return Optional.of(new ContactErased(
                data.path("contactId").asString(event.subject()),
                data.path("ownerId").asString(event.ownerId()),
                erasureId,
                erasedAt,
                event.sequence(),
                event.traceparent()));
    }

    /**
     * What an event that came back {@link InboundEvent#erased() erased} from {@link PersonalData#open}
     * means: its contact, the subject, was erased (when it was read, at the latest), whatever the
     * event says; there is no erasure to confirm.
     */
    public static ContactErased foundIn(InboundEvent event) {
        return new ContactErased(
                event.subject(), event.ownerId(), null, event.time(), event.sequence(), event.traceparent());
    }
}
