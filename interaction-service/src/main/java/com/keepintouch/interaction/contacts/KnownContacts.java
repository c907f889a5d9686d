package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        // multikey: captured mail finds an owner's contacts by any of their addresses
        CollectionIndexes.declare(
                contacts,
                List.of(new IndexModel(
                        Indexes.ascending(KnownContactDocuments.OWNER_ID, KnownContactDocuments.EMAILS),
                        new IndexOptions().name("owner_emails"))));
    }

    Optional<KnownContact> find(String contactId) {
        return Optional.ofNullable(document(contactId)).map(documents::fromDocument);
    }

    /** Whether the contact is an erased tombstone here. */
    boolean isErased(String contactId) {
        Document stored = document(contactId);
        return stored != null && Boolean.TRUE.equals(stored.getBoolean(KnownContactDocuments.ERASED));
    }

    private Document document(String contactId) {
        return contacts.find(Filters.eq(KnownContactDocuments.ID, contactId)).first();
    }

    /**
     * Makes the contact an erased tombstone (deleted, erased, no addresses), for good: its id, owner,
     * version and when it was erased stay, and the hashes of the addresses it had until {@link
     * #erasureFinished}. Idempotent: erasing it again keeps the hashes stored by the first time.
     *
     * @return the tombstone, with the hashes of the addresses it had
     */
    ErasedContact erase(String contactId, String ownerId, long version, Instant erasedAt) {
        for (int attempt = 1; ; attempt++) {
            Document stored = document(contactId);
            if (stored != null && Boolean.TRUE.equals(stored.getBoolean(KnownContactDocuments.ERASED))) {
                return new ErasedContact(
                        contactId,
                        stored.getString(KnownContactDocuments.OWNER_ID),
                        StoredValues.strings(stored, KnownContactDocuments.PENDING_ADDRESS_HASHES),
                        true);
            }
            String owner = stored != null && stored.getString(KnownContactDocuments.OWNER_ID) != null
                    ? stored.getString(KnownContactDocuments.OWNER_ID)
                    : ownerId;
            List<String> hashes = stored == null
                    ? List.of()
                    : StoredValues.strings(stored, KnownContactDocuments.EMAILS).stream()
                            .map(KnownContact::addressHash)
                            .distinct()
                            .toList();
            long storedVersion = stored == null ? 0 : StoredValues.longValue(stored, KnownContactDocuments.VERSION);
            Document tombstone = documents
                    .toDocument(new KnownContact(contactId, owner, true, Math.max(version, storedVersion), List.of()))
                    .append(KnownContactDocuments.ERASED, true)
                    .append(KnownContactDocuments.ERASED_AT, StoredValues.date(erasedAt))
                    .append(KnownContactDocuments.PENDING_ADDRESS_HASHES, hashes);
            try {
                if (stored == null) {
                    contacts.insertOne(tombstone);
                    return new ErasedContact(contactId, owner, hashes, false);
                }
                boolean replaced = contacts.replaceOne(
                                        Filters.and(
                                                Filters.eq(KnownContactDocuments.ID, contactId),
                                                Filters.ne(KnownContactDocuments.ERASED, true),
                                                Filters.eq(KnownContactDocuments.VERSION, storedVersion)),
                                        tombstone)
                                .getMatchedCount()
                        == 1;
                if (replaced) {
                    return new ErasedContact(contactId, owner, hashes, false);
                }
            } catch (MongoWriteException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("contact " + contactId + " kept changing; gave up erasing it");
            }
        }
    }

    /** Forgets the address hashes an erased contact kept for its erasure. */
    void erasureFinished(String contactId) {
        contacts.updateOne(
                Filters.and(
                        Filters.eq(KnownContactDocuments.ID, contactId),
                        Filters.eq(KnownContactDocuments.ERASED, true)),
                Updates.unset(KnownContactDocuments.PENDING_ADDRESS_HASHES));
    }

    /** The live contacts of {@code ownerId} with any of {@code addresses}, which are lowercased already. */
    List<KnownContact> findByEmails(String ownerId, List<String> addresses) {
        return contacts.find(Filters.and(
                        Filters.eq(KnownContactDocuments.OWNER_ID, ownerId),
                        Filters.in(KnownContactDocuments.EMAILS, addresses),
                        Filters.ne(KnownContactDocuments.DELETED, true)))
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }

    /**
     * Stores {@code contact} unless a version at least as new is stored: replays, duplicates and
     * late arrivals change nothing. One compare-and-set on the stored version, because the consumer
     * of contacts.v1 and the lookups of request threads (in any instance) write the same contact:
     * a lookup that read an older version never overwrites a newer one, such as its deletion. The
     * same version is stored again over a document kept before emails were (no {@code emails}
     * field), so replaying contacts.v1 fills them in. An erased contact is never stored over.
     *
     * @return whether it was stored
     */
    boolean upsertIfNewer(KnownContact contact) {
        for (int attempt = 1; ; attempt++) {
            try {
                UpdateResult result = contacts.replaceOne(
                        Filters.and(
                                Filters.eq(KnownContactDocuments.ID, contact.contactId()),
                                Filters.ne(KnownContactDocuments.ERASED, true),
                                Filters.or(
                                        Filters.lt(KnownContactDocuments.VERSION, contact.version()),
                                        Filters.and(
                                                Filters.eq(KnownContactDocuments.VERSION, contact.version()),
                                                Filters.exists(KnownContactDocuments.EMAILS, false)))),
                        documents.toDocument(contact),
                        new ReplaceOptions().upsert(true));
                return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
            } catch (MongoWriteException e) {
                // The id is stored, as new or newer (nothing to do), or older but inserted meanwhile.
                if (!DuplicateKeys.isDuplicateKey(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                Document stored = document(contact.contactId());
                if (stored != null
                        && (Boolean.TRUE.equals(stored.getBoolean(KnownContactDocuments.ERASED))
                                || StoredValues.longValue(stored, KnownContactDocuments.VERSION)
                                        >= contact.version())) {
                    return false;
                }
            }
        }
    }
}
