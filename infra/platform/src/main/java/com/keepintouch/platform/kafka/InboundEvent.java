package com.keepintouch.platform.kafka;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event as a consumer reads it: the envelope attributes, the raw {@code data} for the
 * consumer to map into its own classes, and the original JSON (published as-is to the DLT).
 *
 * @param traceparent the W3C trace context of the record ({@code traceparent} header), null without one;
 *     what a batch consumer stores or emits because of this event continues it
 * @param erased the event is about a contact that was erased: its personal fields could not be opened
 *     and are not in {@code data} ({@link com.keepintouch.platform.personal.PersonalData#open})
 */
public record InboundEvent(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String ownerId,
        long sequence,
        JsonNode data,
        String json,
        String traceparent,
        boolean erased) {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** An event as read, before its personal fields are opened. */
    public InboundEvent(
            String id,
            String source,
            String type,
            String subject,
            Instant time,
            String ownerId,
            long sequence,
            JsonNode data,
            String json,
            String traceparent) {
        this(id, source, type, subject, time, ownerId, sequence, data, json, traceparent, false);
    }

    InboundEvent withTraceparent(String traceparent) {
        return new InboundEvent(id, source, type, subject, time, ownerId, sequence, data, json, traceparent, erased);
    }

    /**
     * This event with its personal fields opened into {@code data} (or, {@code erased}, gone for
     * good); {@code json} stays the event as published. For {@link com.keepintouch.platform.personal.PersonalData}.
     */
    public InboundEvent opened(JsonNode data, boolean erased) {
        return new InboundEvent(id, source, type, subject, time, ownerId, sequence, data, json, traceparent, erased);
    }

    /**
     * Maps {@code data} into a consumer-owned type; unknown properties are ignored because
     * producers may add fields at any time.
     *
     * @throws InvalidEventException if the data does not fit the type
     */
    public <T> T dataAs(Class<T> type) {
        try {
            return LENIENT.treeToValue(data, type);
        } catch (RuntimeException e) {
            // Not the mapper's message: it quotes the value, which may be a person's opened data.
            throw new InvalidEventException(
                    "data of " + this.type + " " + id + " does not fit " + type.getSimpleName() + " ("
                            + e.getClass().getSimpleName() + ")",
                    null);
        }
    }
}
