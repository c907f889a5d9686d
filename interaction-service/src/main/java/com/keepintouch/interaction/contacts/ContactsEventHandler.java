package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.kafka.InboundEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Folds contacts.v1 into the projection; failures are retried and dead-lettered by the platform's handler. */
@Component
class ContactsEventHandler {

    private final KnownContacts contacts;

    ContactsEventHandler(KnownContacts contacts) {
        this.contacts = contacts;
    }

    /** Only the fields this service needs; the producer may add any others. */
    record ContactData(String contactId, String ownerId) {}

    @KafkaListener(topics = "contacts.v1", groupId = "interaction-service")
    void on(InboundEvent event) {
        ContactData data = event.dataAs(ContactData.class);
        boolean deleted = "contact.deleted".equals(event.type());
        contacts.upsertIfNewer(new KnownContact(event.subject(), data.ownerId(), deleted, event.sequence()));
    }
}
