package com.keepintouch.interaction.capture;

import static com.keepintouch.interaction.capture.UnmatchedMessageDocuments.ADDRESS_HASHES;
import static com.keepintouch.interaction.capture.UnmatchedMessageDocuments.EXPIRES_AT;
import static com.keepintouch.interaction.capture.UnmatchedMessageDocuments.ID;
import static com.keepintouch.interaction.capture.UnmatchedMessageDocuments.OWNER_ID;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * {@code capture_unmatched}: the messages that named none of their owner's contacts, kept until
 * they expire so that a contact who appears meanwhile gets its touches. Expired records are
 * deleted by {@link UnmatchedSweep}, not by a TTL index: the sweep is the one guarantee, on the
 * embedded stand-in (which expires nothing) as on MongoDB, and every lookup leaves expired records
 * out whether swept yet or not.
 */
@Component
class UnmatchedMessages {

    private final MongoCollection<Document> records;
    private final UnmatchedMessageDocuments documents = new UnmatchedMessageDocuments();

    UnmatchedMessages(MongoDatabase database) {
        this.records = database.getCollection("capture_unmatched");
        CollectionIndexes.declare(
                records,
                List.of(
                        // multikey: a contact's addresses find the messages that named any of them
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, ADDRESS_HASHES),
                                new IndexOptions().name("owner_address_hashes")),
                        new IndexModel(Indexes.ascending(EXPIRES_AT), new IndexOptions().name("expires_at"))));
    }

    /** Keeps {@code message}: one write, replacing what was kept of the same owner's same message. */
    void keep(UnmatchedMessage message) {
        keepAll(List.of(message));
    }

    /**
     * Keeps these messages with one bulk write, in order, each replacing what was kept of the same
     * owner's same message.
     */
    void keepAll(List<UnmatchedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(messages.size());
        for (UnmatchedMessage message : messages) {
            Document document = documents.toDocument(message);
            writes.add(new ReplaceOneModel<>(
                    Filters.eq(ID, document.get(ID)), document, new ReplaceOptions().upsert(true)));
        }
        records.bulkWrite(writes);
    }

    /** The owner's records, not expired at {@code now}, that name any of these address hashes. */
    List<UnmatchedMessage> naming(String ownerId, Collection<String> addressHashes, Instant now) {
        return records.find(Filters.and(
                        Filters.eq(OWNER_ID, ownerId),
                        Filters.in(ADDRESS_HASHES, addressHashes),
                        Filters.gt(EXPIRES_AT, StoredValues.date(now))))
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }

    /** Deletes the records expired at {@code now}; returns how many. */
    long deleteExpired(Instant now) {
        return records.deleteMany(Filters.lte(EXPIRES_AT, StoredValues.date(now)))
                .getDeletedCount();
    }

    /** Deletes the owner's records, expired or not, that name any of these address hashes; returns how many. */
    long deleteNaming(String ownerId, Collection<String> addressHashes) {
        if (addressHashes.isEmpty()) {
            return 0;
        }
        return records.deleteMany(Filters.and(Filters.eq(OWNER_ID, ownerId), Filters.in(ADDRESS_HASHES, addressHashes)))
                .getDeletedCount();
    }
}
