package com.keepintouch.contact.contacts;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** The events of contacts.v1, mapped from a contact to the schema of each type (never the entity itself). */
@Component
class ContactEvents {

    static final String TOPIC = "contacts.v1";

    private final Outbox outbox;

    ContactEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    StagedEvent created(Contact contact) {
        return outbox.event(
                TOPIC, "contact.created", contact.id(), contact.ownerId(), contact.version(), snapshot(contact, null));
    }

    StagedEvent updated(Contact contact, List<String> changedFields) {
        return outbox.event(
                TOPIC,
                "contact.updated",
                contact.id(),
                contact.ownerId(),
                contact.version(),
                snapshot(contact, changedFields));
    }

    StagedEvent deleted(Contact contact) {
        return outbox.event(
                TOPIC,
                "contact.deleted",
                contact.id(),
                contact.ownerId(),
                contact.version(),
                new Deleted(contact.id(), contact.ownerId(), contact.updatedAt()));
    }

    /** contact.erased: the contact's personal data is gone everywhere; it carries none itself. */
    StagedEvent erased(String contactId, String ownerId, long version, String erasureId, Instant erasedAt) {
        return outbox.event(
                TOPIC,
                "contact.erased",
                contactId,
                ownerId,
                version,
                new Erased(contactId, ownerId, erasureId, erasedAt));
    }

    private static Snapshot snapshot(Contact c, List<String> changedFields) {
        var f = c.fields();
        return new Snapshot(
                c.id(),
                c.ownerId(),
                f.name(),
                f.emails(),
                f.phone(),
                f.company(),
                f.title(),
                f.tags(),
                f.tier().name(),
                f.cadenceDays(),
                f.metAt(),
                f.howWeMet(),
                f.status().name(),
                f.timezone(),
                c.createdAt(),
                c.updatedAt(),
                changedFields);
    }

    /** data of contact.created and contact.updated: the whole contact (notes stay private to this service). */
    record Snapshot(
            String contactId,
            String ownerId,
            String name,
            List<String> emails,
            String phone,
            String company,
            String title,
            List<String> tags,
            String tier,
            Integer cadenceDays,
            Instant metAt,
            String howWeMet,
            String status,
            String timezone,
            Instant createdAt,
            Instant updatedAt,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            List<String> changedFields) {}

    record Deleted(String contactId, String ownerId, Instant deletedAt) {}

    record Erased(String contactId, String ownerId, String erasureId, Instant erasedAt) {}
}
