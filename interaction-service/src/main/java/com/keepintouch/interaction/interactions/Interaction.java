package com.keepintouch.interaction.interactions;

import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.paging.Position;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bson.Document;

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

    Document toDocument() {
        return new Document("_id", id)
                .append("ownerId", ownerId)
                .append("contactId", contactId)
                .append("type", type.name())
                .append("direction", direction.name())
                .append("occurredAt", Date.from(occurredAt))
                .append("summary", summary)
                .append("externalId", externalId)
                .append("recordedAt", Date.from(recordedAt))
                .append("deleted", deleted);
    }

    static Interaction fromDocument(Document d) {
        return new Interaction(
                d.getString("_id"),
                d.getString("ownerId"),
                d.getString("contactId"),
                InteractionType.valueOf(d.getString("type")),
                Direction.valueOf(d.getString("direction")),
                d.getDate("occurredAt").toInstant(),
                d.getString("summary"),
                d.getString("externalId"),
                d.getDate("recordedAt").toInstant(),
                Boolean.TRUE.equals(d.getBoolean("deleted")));
    }
}
