package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/**
 * One recorded interaction. A deleted one is kept as a tombstone (type and time may then be
 * unknown) so that a late duplicate of its recording cannot bring it back.
 *
 * @param inReplyTo for a reply to one of the recruiter's outreaches, that outreach; null otherwise
 * @param shared for an ARTICLE_SHARED interaction, what was shared, when it says; null otherwise
 */
public record Touchpoint(
        String id,
        Instant occurredAt,
        InteractionType type,
        Direction direction,
        boolean deleted,
        InReplyTo inReplyTo,
        SharedItem shared) {

    public Touchpoint(
            String id,
            Instant occurredAt,
            InteractionType type,
            Direction direction,
            boolean deleted,
            InReplyTo inReplyTo) {
        this(id, occurredAt, type, direction, deleted, inReplyTo, null);
    }

    public Touchpoint(String id, Instant occurredAt, InteractionType type, Direction direction, boolean deleted) {
        this(id, occurredAt, type, direction, deleted, null);
    }

    public static Touchpoint tombstone(String id) {
        return new Touchpoint(id, null, null, null, true);
    }

    /** The same interaction, deleted; what is known of it is kept. */
    public Touchpoint asDeleted() {
        return new Touchpoint(id, occurredAt, type, direction, true, inReplyTo, shared);
    }

    public boolean isTouch() {
        return !deleted && type != null && type.isTouch();
    }
}
