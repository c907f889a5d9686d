package com.keepintouch.platform.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as it travels on Kafka: CloudEvents attribute names, {@code data} is the
 * type-specific payload (a record of the producing service that maps to the event's schema).
 */
public record EventEnvelope(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String ownerId,
        long sequence,
        String datacontenttype,
        Object data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(data, "data");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
    }
}
