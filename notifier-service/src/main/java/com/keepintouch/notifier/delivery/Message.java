package com.keepintouch.notifier.delivery;

import java.time.Instant;

/**
 * One event as webhooks send it: the Standard Webhooks body {@code {"type","timestamp","data"}}
 * and its {@code webhook-id}, the same for every endpoint and every attempt. Kept so that retries
 * and {@code recover} send exactly the same bytes.
 *
 * @param traceparent the trace context of the event (null without one): every attempt, however
 *     late, sends it on in the trace of what caused the event
 */
public record Message(
        String id,
        String eventId,
        String type,
        String ownerId,
        String contactId,
        Instant timestamp,
        String body,
        String traceparent) {

    public Message(
            String id, String eventId, String type, String ownerId, String contactId, Instant timestamp, String body) {
        this(id, eventId, type, ownerId, contactId, timestamp, body, null);
    }

    /** {@code msg_} and the event id without dashes. */
    public static String idFor(String eventId) {
        return "msg_" + eventId.replace("-", "");
    }
}
