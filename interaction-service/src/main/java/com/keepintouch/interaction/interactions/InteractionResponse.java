package com.keepintouch.interaction.interactions;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.InReplyTo;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import java.time.Instant;

/** An interaction as the API answers it (and the personal-data export lists it). */
public record InteractionResponse(
        String id,
        String contactId,
        String ownerId,
        InteractionType type,
        Direction direction,
        Instant occurredAt,
        String summary,
        String externalId,
        Instant recordedAt,
        CaptureSource source,
        InReplyTo inReplyTo,
        String shareableId,
        String url) {

    static InteractionResponse of(Interaction i) {
        return new InteractionResponse(
                i.id(),
                i.contactId(),
                i.ownerId(),
                i.type(),
                i.direction(),
                i.occurredAt(),
                i.summary(),
                i.externalId(),
                i.recordedAt(),
                i.source(),
                i.inReplyTo(),
                i.shareableId(),
                i.url());
    }
}
