package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.platform.personal.PersonalData;
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

/**
 * contacts.v1: who the contacts are, whether they may be reminded of, and who was erased. An event
 * that arrives without its personal data (the person's key is gone) means the person was erased.
 */
@Component
class ContactsEventHandler {

    private final RelationshipManagement relationships;
    private final PersonalData personalData;

    ContactsEventHandler(RelationshipManagement relationships, PersonalData personalData) {
        this.relationships = relationships;
        this.personalData = personalData;
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
        for (ConsumerRecord<String, InboundEvent> record : records) {
            if (record.value() != null
                    && ContactErased.TYPE.equals(record.value().type())) {
                personalData.forget(record.value().subject()); // its key is gone: no cached copy stays
            }
        }
        InboundBatch.fold(records, personalData, ContactsEventHandler::translate, relationships);
    }

    static Optional<Addressed> translate(InboundEvent event) {
        Optional<ContactErased> erasure = ContactErased.of(event);
        if (erasure.isPresent()) {
            return erasure.map(InboundBatch::erasure);
        }
        if (event.erased()) {
            return Optional.of(InboundBatch.erased(event));
        }
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
