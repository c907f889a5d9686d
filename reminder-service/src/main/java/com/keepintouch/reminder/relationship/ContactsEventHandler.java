package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.Tier;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** contacts.v1: who the contacts are, and whether they may be reminded of. */
@Component
class ContactsEventHandler {

    private final RelationshipManagement relationships;

    ContactsEventHandler(RelationshipManagement relationships) {
        this.relationships = relationships;
    }

    /** The fields of contact.created and contact.updated this service needs. */
    record ContactData(
            String contactId,
            String ownerId,
            String name,
            Tier tier,
            Integer cadenceDays,
            ContactStatus status,
            Instant metAt,
            Instant createdAt,
            List<String> tags,
            String company,
            String title) {}

    record DeletedData(String contactId, String ownerId) {}

    @KafkaListener(
            id = "reminder-contacts",
            topics = "contacts.v1",
            groupId = "${kit.reminders.consumer-group}",
            batch = "true")
    void on(List<ConsumerRecord<String, InboundEvent>> records) {
        InboundBatch.fold(records, ContactsEventHandler::translate, relationships);
    }

    static Optional<Addressed> translate(InboundEvent event) {
        if ("contact.deleted".equals(event.type())) {
            DeletedData data = event.dataAs(DeletedData.class);
            return Optional.of(new Addressed(
                    data.contactId(), data.ownerId(), new RelationshipEvent.ContactDeleted(event.sequence())));
        }
        ContactData data = event.dataAs(ContactData.class);
        ContactFacts contact = new ContactFacts(
                data.name(),
                data.tier(),
                data.cadenceDays(),
                data.status(),
                millis(data.metAt()),
                millis(data.createdAt()),
                false,
                event.sequence(),
                data.tags(),
                blankAsNull(data.company()),
                blankAsNull(data.title()));
        return Optional.of(
                new Addressed(data.contactId(), data.ownerId(), new RelationshipEvent.ContactChanged(contact)));
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** As precise as MongoDB stores it, so that what is computed before and after storing agrees. */
    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
