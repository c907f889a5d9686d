package com.keepintouch.interaction.contacts;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** This service's own projection of contacts.v1 (its own database; never contact-service's). */
@Component
class KnownContacts {

    private final MongoCollection<Document> contacts;
    private final KnownContactDocuments documents = new KnownContactDocuments();

    KnownContacts(MongoDatabase database) {
        this.contacts = database.getCollection("known_contacts");
    }

    Optional<KnownContact> find(String contactId) {
        return Optional.ofNullable(contacts.find(Filters.eq(KnownContactDocuments.ID, contactId))
                        .first())
                .map(documents::fromDocument);
    }

    /**
     * Stores {@code contact} unless a version at least as new is stored: replays, duplicates and
     * late arrivals change nothing. Read, then write by _id alone (index-friendly on every server):
     * safe because all events of one contact come from one partition, handled by one thread.
     *
     * @return whether it was stored
     */
    boolean upsertIfNewer(KnownContact contact) {
        Optional<KnownContact> stored = find(contact.contactId());
        if (stored.isPresent() && stored.get().version() >= contact.version()) {
            return false;
        }
        contacts.replaceOne(
                Filters.eq(KnownContactDocuments.ID, contact.contactId()),
                documents.toDocument(contact),
                new ReplaceOptions().upsert(true));
        return true;
    }
}
