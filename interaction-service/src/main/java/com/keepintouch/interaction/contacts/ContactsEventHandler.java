package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.platform.personal.PersonalData;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Folds contacts.v1 into the projection, its personal fields opened first; an erased contact (its
 * contact.erased, or any event of it that no longer opens) is announced as {@link ContactErased}
 * instead, synchronously to what erases what this service holds about the person: a listener that
 * fails fails the event. Failures are retried and dead-lettered by the platform's handler.
 */
@Component
class ContactsEventHandler {

    private final ContactDirectory contacts;
    private final PersonalData personalData;
    private final ApplicationEventPublisher events;

    ContactsEventHandler(ContactDirectory contacts, PersonalData personalData, ApplicationEventPublisher events) {
        this.contacts = contacts;
        this.personalData = personalData;
        this.events = events;
    }

    /** Only the fields this service needs; the producer may add any others. */
    record ContactData(String contactId, String ownerId, List<String> emails) {}

    @KafkaListener(topics = "contacts.v1", groupId = "interaction-service")
    void on(InboundEvent read) {
        InboundEvent event = personalData.open(read);
        Optional<ContactErased> erasure = ContactErased.of(event);
        if (erasure.isPresent()) {
            personalData.forget(event.subject());
            events.publishEvent(erasure.get());
            return;
        }
        if (event.erased()) {
            // its key is gone: whatever this event says, the person was erased
            events.publishEvent(ContactErased.foundIn(event));
            return;
        }
        ContactData data = event.dataAs(ContactData.class);
        String ownerId = data.ownerId() != null ? data.ownerId() : event.ownerId();
        boolean deleted = "contact.deleted".equals(event.type());
        // a deletion carries no addresses: a deleted contact is never found by them
        contacts.remember(new KnownContact(
                event.subject(), ownerId, deleted, event.sequence(), deleted ? List.of() : data.emails()));
    }
}
