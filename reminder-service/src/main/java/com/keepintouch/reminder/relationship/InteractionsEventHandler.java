package com.keepintouch.reminder.relationship;

import static com.keepintouch.reminder.relationship.ContactsEventHandler.millis;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * interactions.v1: the touches. Folded by interaction id, not by sequence: an interaction may be
 * read before its contact, and each one is a fact of its own.
 */
@Component
class InteractionsEventHandler {

    private final RelationshipManagement relationships;

    InteractionsEventHandler(RelationshipManagement relationships) {
        this.relationships = relationships;
    }

    record InteractionData(
            String interactionId,
            String contactId,
            String ownerId,
            InteractionType type,
            Direction direction,
            Instant occurredAt) {}

    @KafkaListener(
            id = "reminder-interactions",
            topics = "interactions.v1",
            groupId = "${kit.reminders.consumer-group}",
            batch = "true")
    void on(List<ConsumerRecord<String, InboundEvent>> records) {
        InboundBatch.fold(records, InteractionsEventHandler::translate, relationships);
    }

    static Optional<Addressed> translate(InboundEvent event) {
        InteractionData data = event.dataAs(InteractionData.class);
        RelationshipEvent folded = "interaction.deleted".equals(event.type())
                ? new RelationshipEvent.InteractionDeleted(data.interactionId())
                : new RelationshipEvent.InteractionRecorded(new Touchpoint(
                        data.interactionId(), millis(data.occurredAt()), data.type(), data.direction(), false));
        return Optional.of(new Addressed(data.contactId(), data.ownerId(), folded));
    }
}
