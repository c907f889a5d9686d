package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.result.UpdateResult;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** This service's own projection of contacts.v1 (its own database; never contact-service's). */
@Component
class KnownContacts {

    /** Writes of one contact that may race before a store gives up; each race has a winner. */
    private static final int ATTEMPTS = 5;

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
     * late arrivals change nothing. One compare-and-set on the stored version, because the consumer
     * of contacts.v1 and the lookups of request threads (in any instance) write the same contact:
     * a lookup that read an older version never overwrites a newer one, such as its deletion.
     *
     * @return whether it was stored
     */
    boolean upsertIfNewer(KnownContact contact) {
        for (int attempt = 1; ; attempt++) {
            try {
                UpdateResult result = contacts.replaceOne(
                        Filters.and(
                                Filters.eq(KnownContactDocuments.ID, contact.contactId()),
                                Filters.lt(KnownContactDocuments.VERSION, contact.version())),
                        documents.toDocument(contact),
                        new ReplaceOptions().upsert(true));
                return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
            } catch (MongoWriteException e) {
                // The id is stored, as new or newer (nothing to do), or older but inserted meanwhile.
                if (!DuplicateKeys.isDuplicateKey(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                Optional<KnownContact> stored = find(contact.contactId());
                if (stored.isPresent() && stored.get().version() >= contact.version()) {
                    return false;
                }
            }
        }
    }
}
