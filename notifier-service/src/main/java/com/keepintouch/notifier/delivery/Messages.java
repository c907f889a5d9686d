package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** The messages collection: every event a webhook may carry, as sent. */
@Component
class Messages {

    static final int IDS_PER_QUERY = 1000;
    private final MongoCollection<Document> collection;

    Messages(MongoDatabase database) {
        this.collection = database.getCollection("messages");
        collection.createIndex(Indexes.ascending("timestamp"), new IndexOptions().name("by_time"));
    }

    /** Stores messages not stored yet; one read twice is stored once. */
    void store(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Document> documents = messages.stream().map(Messages::toDocument).toList();
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            DuplicateKeys.duplicatesOf(e); // rethrows anything but a message stored already
        }
    }

    Map<String, Message> find(List<String> ids) {
        Map<String, Message> found = new HashMap<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            for (Document document :
                    collection.find(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY))))) {
                Message message = fromDocument(document);
                found.put(message.id(), message);
            }
        }
        return found;
    }

    /** Every message since {@code since}, oldest first, to {@code each}. */
    void since(Instant since, Consumer<Message> each) {
        for (Document document :
                collection.find(Filters.gte("timestamp", Date.from(since))).sort(Sorts.ascending("timestamp"))) {
            each.accept(fromDocument(document));
        }
    }

    static Document toDocument(Message message) {
        return new Document("_id", message.id())
                .append("eventId", message.eventId())
                .append("type", message.type())
                .append("ownerId", message.ownerId())
                .append("contactId", message.contactId())
                .append("timestamp", Date.from(message.timestamp()))
                .append("body", message.body());
    }

    static Message fromDocument(Document d) {
        return new Message(
                d.getString("_id"),
                d.getString("eventId"),
                d.getString("type"),
                d.getString("ownerId"),
                d.getString("contactId"),
                d.getDate("timestamp").toInstant(),
                d.getString("body"));
    }

    static List<String> ids(List<Delivery> deliveries) {
        List<String> ids = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            delivery.messageId().ifPresent(ids::add);
        }
        return ids;
    }
}
