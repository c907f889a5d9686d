package com.keepintouch.notifier.delivery;

import static com.keepintouch.notifier.delivery.MessageDocuments.BODY;
import static com.keepintouch.notifier.delivery.MessageDocuments.BODY_AT;
import static com.keepintouch.notifier.delivery.MessageDocuments.BODY_REMOVED_AT;
import static com.keepintouch.notifier.delivery.MessageDocuments.BODY_REMOVED_BY;
import static com.keepintouch.notifier.delivery.MessageDocuments.CONTACT_ID;
import static com.keepintouch.notifier.delivery.MessageDocuments.ID;
import static com.keepintouch.notifier.delivery.MessageDocuments.TIMESTAMP;
import static com.keepintouch.platform.system.StoredValues.date;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The messages collection: every event a webhook may carry, as sent. */
@Component
class Messages {

    static final int IDS_PER_QUERY = 1000;
    private final MessageDocuments documents = new MessageDocuments();
    private final MongoCollection<Document> collection;

    Messages(MongoDatabase database) {
        this.collection = database.getCollection("messages");
        CollectionIndexes.declare(
                collection,
                List.of(
                        new IndexModel(Indexes.ascending(TIMESTAMP), new IndexOptions().name("by_time")),
                        // a contact's messages: its erasure and export
                        new IndexModel(Indexes.ascending(CONTACT_ID), new IndexOptions().name("by_contact")),
                        // the bodies still stored, oldest first: the retention sweep
                        new IndexModel(
                                Indexes.ascending(BODY_AT, ID),
                                new IndexOptions().name("body_kept").sparse(true))));
    }

    /** Stores messages not stored yet; one read twice is stored once. */
    void store(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            collection.insertMany(
                    messages.stream().map(documents::toDocument).toList(), new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            DuplicateKeys.duplicatesOf(e); // rethrows anything but a message stored already
        }
    }

    Map<String, Message> find(List<String> ids) {
        Map<String, Message> found = new HashMap<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            for (Document document :
                    collection.find(Filters.in(ID, ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY))))) {
                Message message = documents.fromDocument(document);
                found.put(message.id(), message);
            }
        }
        return found;
    }

    /** Every message since {@code since}, oldest first, to {@code each}. */
    void since(Instant since, Consumer<Message> each) {
        for (Document document :
                collection.find(Filters.gte(TIMESTAMP, date(since))).sort(Sorts.ascending(TIMESTAMP))) {
            each.accept(documents.fromDocument(document));
        }
    }

    /** Removes the stored bodies of a contact's messages; how many. */
    long removeBodiesAbout(String contactId, Instant now) {
        return collection
                .updateMany(
                        Filters.and(Filters.eq(CONTACT_ID, contactId), Filters.exists(BODY)),
                        removeBody(now, BodyRemoval.ERASURE))
                .getModifiedCount();
    }

    /** Every message about a contact, as stored (a removed body is null). */
    Map<String, Message> about(String contactId) {
        Map<String, Message> found = new HashMap<>();
        for (Document document : collection.find(Filters.eq(CONTACT_ID, contactId))) {
            Message message = documents.fromDocument(document);
            found.put(message.id(), message);
        }
        return found;
    }

    /** The ids of up to {@code limit} messages whose body dates from before {@code cutoff}. */
    List<String> bodiesBefore(Instant cutoff, int limit) {
        return StoredBodies.before(collection, BODY_AT, cutoff, limit);
    }

    /** Removes the bodies of these messages that still date from before {@code cutoff}; how many. */
    long removeBodies(List<String> ids, Instant cutoff, Instant now) {
        return StoredBodies.remove(collection, BODY_AT, ids, cutoff, removeBody(now, BodyRemoval.RETENTION));
    }

    /**
     * Gives {@code bodyAt} to messages stored before messages had it, a page in {@code _id} order
     * after {@code after}; the last id looked at, empty when there are no more.
     */
    Optional<String> backfillBodyAt(String after, int limit) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        String last = null;
        for (Document document : collection
                .find(after == null ? new Document() : Filters.gt(ID, after))
                .projection(Projections.include(ID, TIMESTAMP, BODY_AT, BODY))
                .sort(Sorts.ascending(ID))
                .limit(limit)) {
            last = document.getString(ID);
            if (document.getString(BODY) != null && !document.containsKey(BODY_AT)) {
                writes.add(new UpdateOneModel<>(
                        Filters.and(Filters.eq(ID, last), Filters.exists(BODY_AT, false)),
                        Updates.set(BODY_AT, document.get(TIMESTAMP))));
            }
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return Optional.ofNullable(last);
    }

    private static Bson removeBody(Instant now, BodyRemoval why) {
        return Updates.combine(
                Updates.unset(BODY),
                Updates.unset(BODY_AT),
                Updates.set(BODY_REMOVED_AT, date(now)),
                Updates.set(BODY_REMOVED_BY, why.name()));
    }

    static List<String> ids(List<Delivery> deliveries) {
        List<String> ids = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            delivery.messageId().ifPresent(ids::add);
        }
        return ids;
    }
}
