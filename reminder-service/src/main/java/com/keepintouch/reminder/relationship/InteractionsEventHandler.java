package com.keepintouch.reminder.relationship;

import static com.keepintouch.reminder.relationship.ContactsEventHandler.millis;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InReplyTo;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.PlannedTouch;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.SharedItem;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * interactions.v1: the touches, and the touches planned. Recordings are folded by interaction id,
 * not by sequence: an interaction may be read before its contact, and each one is a fact of its
 * own. Plans are folded by plan id, the newest sequence winning. A type this service does not know
 * yet (a producer may add one) is skipped. One that arrives without its personal data (the person's
 * key is gone) means the person was erased.
 */
@Component
class InteractionsEventHandler {

    private static final Logger log = LoggerFactory.getLogger(InteractionsEventHandler.class);

    static final String RECORDED = "interaction.recorded";
    static final String DELETED = "interaction.deleted";
    static final String PLANNED = "interaction.planned";

    /** Unknown types already logged: once each is enough to notice a new producer. */
    private static final Set<String> UNKNOWN_TYPES_SEEN = ConcurrentHashMap.newKeySet();

    private final RelationshipManagement relationships;
    private final PersonalData personalData;

    InteractionsEventHandler(RelationshipManagement relationships, PersonalData personalData) {
        this.relationships = relationships;
        this.personalData = personalData;
    }

    /** interaction.recorded and interaction.deleted */
    record InteractionData(
            String interactionId,
            String contactId,
            String ownerId,
            InteractionType type,
            Direction direction,
            Instant occurredAt,
            ReplyData inReplyTo,
            String shareableId,
            String url) {}

    record ReplyData(String interactionId, Instant occurredAt) {}

    /** interaction.planned */
    record PlannedData(
            String plannedId,
            String contactId,
            String ownerId,
            InteractionType type,
            Instant plannedFor,
            String summary,
            boolean cancelled) {}

    @KafkaListener(
            id = "reminder-interactions",
            topics = "interactions.v1",
            groupId = "${kit.reminders.consumer-group}",
            batch = "true")
    void on(List<ConsumerRecord<String, InboundEvent>> records) {
        InboundBatch.fold(records, personalData, InteractionsEventHandler::translate, relationships);
    }

    /** What an ARTICLE_SHARED interaction shared, when it says; null for any other. */
    static SharedItem shared(InteractionData data) {
        String shareableId = blankAsNull(data.shareableId());
        String url = blankAsNull(data.url());
        if (data.type() != InteractionType.ARTICLE_SHARED || (shareableId == null && url == null)) {
            return null;
        }
        return new SharedItem(shareableId, url);
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static Optional<Addressed> translate(InboundEvent event) {
        if (event.erased()) {
            return Optional.of(InboundBatch.erased(event));
        }
        switch (event.type()) {
            case RECORDED -> {
                InteractionData data = event.dataAs(InteractionData.class);
                InReplyTo inReplyTo = data.inReplyTo() == null
                        ? null
                        : new InReplyTo(
                                data.inReplyTo().interactionId(),
                                millis(data.inReplyTo().occurredAt()));
                return Optional.of(new Addressed(
                        data.contactId(),
                        data.ownerId(),
                        new RelationshipEvent.InteractionRecorded(new Touchpoint(
                                data.interactionId(),
                                millis(data.occurredAt()),
                                data.type(),
                                data.direction(),
                                false,
                                inReplyTo,
                                shared(data)))));
            }
            case DELETED -> {
                InteractionData data = event.dataAs(InteractionData.class);
                return Optional.of(new Addressed(
                        data.contactId(),
                        data.ownerId(),
                        new RelationshipEvent.InteractionDeleted(data.interactionId())));
            }
            case PLANNED -> {
                PlannedData data = event.dataAs(PlannedData.class);
                PlannedTouch planned = new PlannedTouch(
                        data.plannedId(),
                        millis(data.plannedFor()),
                        data.type(),
                        data.summary(),
                        data.cancelled(),
                        event.sequence());
                return Optional.of(
                        new Addressed(data.contactId(), data.ownerId(), new RelationshipEvent.TouchPlanned(planned)));
            }
            default -> {
                if (UNKNOWN_TYPES_SEEN.add(event.type())) {
                    log.debug(
                            "Skipping interactions.v1 events of unknown type type={} eventId={}",
                            event.type(),
                            event.id());
                }
                return Optional.empty();
            }
        }
    }
}
