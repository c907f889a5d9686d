package com.keepintouch.interaction.interactions.domain;

import java.time.Instant;

/**
 * A touchpoint as a recruiter records it, before it is checked.
 *
 * @param shareableId for an ARTICLE_SHARED interaction, the item of the owner's library shared; null otherwise
 * @param url for an ARTICLE_SHARED interaction, the link shared; null otherwise
 */
public record InteractionDraft(
        String contactId,
        InteractionType type,
        Direction direction,
        Instant occurredAt,
        String summary,
        String externalId,
        String shareableId,
        String url) {

    /** A draft that shares nothing. */
    public InteractionDraft(
            String contactId,
            InteractionType type,
            Direction direction,
            Instant occurredAt,
            String summary,
            String externalId) {
        this(contactId, type, direction, occurredAt, summary, externalId, null, null);
    }
}
