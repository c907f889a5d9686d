package com.keepintouch.interaction.capture;

import java.time.Instant;
import java.util.Objects;

/**
 * The owner's outbound interaction that a captured inbound email answers (found by In-Reply-To or
 * References), and when it occurred, so a consumer can tell how long the reply took.
 *
 * @param interactionId the outbound interaction's id
 * @param occurredAt when that outbound interaction occurred
 */
public record InReplyTo(String interactionId, Instant occurredAt) {

    public InReplyTo {
        Objects.requireNonNull(interactionId, "interactionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
