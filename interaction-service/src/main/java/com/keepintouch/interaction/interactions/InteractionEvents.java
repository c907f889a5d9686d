package com.keepintouch.interaction.interactions;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The events of interactions.v1, keyed by contactId, mapped to the schema of each type. Public for
 * {@code interaction.planned}, which the calendar capture stages on its planned touches.
 */
@Component
public class InteractionEvents {

    static final String TOPIC = "interactions.v1";

    private final Outbox outbox;

    InteractionEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    StagedEvent recorded(Interaction i, long sequence) {
        return outbox.event(
                TOPIC,
                "interaction.recorded",
                i.contactId(),
                i.ownerId(),
                sequence,
                new Recorded(
                        i.id(),
                        i.contactId(),
                        i.ownerId(),
                        i.type().name(),
                        i.direction().name(),
                        i.occurredAt(),
                        i.summary(),
                        i.externalId(),
                        i.recordedAt(),
                        i.source().name(),
                        i.inReplyTo() == null
                                ? null
                                : new RepliedTo(
                                        i.inReplyTo().interactionId(),
                                        i.inReplyTo().occurredAt()),
                        i.shareableId(),
                        i.url()));
    }

    StagedEvent deleted(Interaction i, long sequence, Instant deletedAt) {
        return outbox.event(
                TOPIC,
                "interaction.deleted",
                i.contactId(),
                i.ownerId(),
                sequence,
                new Deleted(i.id(), i.contactId(), i.ownerId(), deletedAt));
    }

    /** A planned touch announced, moved or called off ({@code cancelled}); {@code sequence} from {@link ContactSequences}. */
    public StagedEvent planned(Planned planned, long sequence) {
        return outbox.event(TOPIC, "interaction.planned", planned.contactId(), planned.ownerId(), sequence, planned);
    }

    /** The data of interaction.planned (interaction.planned.schema.json); {@code type} is always MEETING today. */
    public record Planned(
            String plannedId,
            String contactId,
            String ownerId,
            String type,
            Instant plannedFor,
            String summary,
            String externalId,
            boolean cancelled) {}

    record Recorded(
            String interactionId,
            String contactId,
            String ownerId,
            String type,
            String direction,
            Instant occurredAt,
            String summary,
            String externalId,
            Instant recordedAt,
            String source,
            RepliedTo inReplyTo,
            String shareableId,
            String url) {}

    /** data.inReplyTo: the outbound interaction a captured reply answers. */
    record RepliedTo(String interactionId, Instant occurredAt) {}

    record Deleted(String interactionId, String contactId, String ownerId, Instant deletedAt) {}
}
