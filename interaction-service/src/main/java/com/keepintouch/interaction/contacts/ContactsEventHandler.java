package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.kafka.InboundEvent;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Folds contacts.v1 into the projection; failures are retried and dead-lettered by the platform's handler. */
@Component
class ContactsEventHandler {

    private final ContactDirectory contacts;

    ContactsEventHandler(ContactDirectory contacts) {
        this.contacts = contacts;
    }

    /** Only the fields this service needs; the producer may add any others. */
    record ContactData(String contactId, String ownerId, List<String> emails) {}

    @KafkaListener(topics = "contacts.v1", groupId = "interaction-service")
    void on(InboundEvent event) {
        ContactData data = event.dataAs(ContactData.class);
        boolean deleted = "contact.deleted".equals(event.type());
        // a deletion carries no addresses: a deleted contact is never found by them
        contacts.remember(new KnownContact(
                event.subject(), data.ownerId(), deleted, event.sequence(), deleted ? List.of() : data.emails()));
    }
}
