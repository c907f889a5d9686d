package com.keepintouch.interaction.interactions;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.InReplyTo;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.paging.Position;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A stored touchpoint.
 *
 * @param source how it was captured ({@link CaptureSource#API} when posted, or stored before sources were kept)
 * @param inReplyTo the owner's outbound interaction a captured reply answers; null otherwise
 * @param shareableId for an ARTICLE_SHARED interaction, the item of the owner's library shared; null otherwise
 * @param url for an ARTICLE_SHARED interaction, the link shared; null otherwise
 */
record Interaction(
        String id,
        String ownerId,
        String contactId,
        InteractionType type,
        Direction direction,
        Instant occurredAt,
        String summary,
        String externalId,
        Instant recordedAt,
        boolean deleted,
        CaptureSource source,
        InReplyTo inReplyTo,
        String shareableId,
        String url) {

    Interaction {
        source = source == null ? CaptureSource.API : source;
    }

    /** The form of every interaction id ({@code i_} + epoch millis + random, in hex). */
    static final Pattern ID_FORM = Pattern.compile("i_[0-9a-f]{24}");

    /** Where a page that ends with this interaction resumes: lists are newest first, then by id. */
    Position position() {
        return new Position(occurredAt, id);
    }
}
