package com.keepintouch.interaction.interactions.domain;

import java.time.Instant;

/** A touchpoint as a recruiter records it, before it is checked. */
public record InteractionDraft(
        String contactId,
        InteractionType type,
        Direction direction,
        Instant occurredAt,
        String summary,
        String externalId) {}
