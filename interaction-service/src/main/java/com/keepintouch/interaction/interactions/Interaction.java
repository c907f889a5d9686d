package com.keepintouch.interaction.interactions;

import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.paging.Position;
import java.time.Instant;
import java.util.regex.Pattern;

/** A stored touchpoint. */
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
        boolean deleted) {

    /** The form of every interaction id ({@code i_} + epoch millis + random, in hex). */
    static final Pattern ID_FORM = Pattern.compile("i_[0-9a-f]{24}");

    /** Where a page that ends with this interaction resumes: lists are newest first, then by id. */
    Position position() {
        return new Position(occurredAt, id);
    }
}
