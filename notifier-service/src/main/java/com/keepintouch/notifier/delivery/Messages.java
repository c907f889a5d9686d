package com.keepintouch.notifier.delivery;

import static com.keepintouch.notifier.delivery.MessageDocuments.ID;
import static com.keepintouch.notifier.delivery.MessageDocuments.TIMESTAMP;
import static com.keepintouch.platform.system.StoredValues.date;

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
    private final MessageDocuments documents = new MessageDocuments();
    private final MongoCollection<Document> collection;

    Messages(MongoDatabase database) {
        this.collection = database.getCollection("messages");
        collection.createIndex(Indexes.ascending(TIMESTAMP), new IndexOptions().name("by_time"));
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

    static List<String> ids(List<Delivery> deliveries) {
        List<String> ids = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            delivery.messageId().ifPresent(ids::add);
        }
        return ids;
    }
}
