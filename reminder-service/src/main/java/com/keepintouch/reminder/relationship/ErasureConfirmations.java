package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The confirmations that this service erased a person, one document per erasure in {@code
 * erasure_confirmations} ({@code _id} = erasureId), each carrying its {@code erasure.confirmed} in
 * its outbox. Staged only once the erasure is stored; a redelivered {@code contact.erased} confirms
 * again (contact-service's tracking dedupes by erasure and service).
 */
@Component
class ErasureConfirmations {

    static final String COLLECTION = "erasure_confirmations";
    static final String TOPIC = "erasures.v1";
    static final String CONFIRMED = "erasure.confirmed";

    private final MongoCollection<Document> collection;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final OutboxSource source;
    private final Clock clock;
    private final String service;

    ErasureConfirmations(
            MongoDatabase database,
            Outbox outbox,
            OutboxRelay relay,
            OutboxSource erasureConfirmationsOutbox,
            Clock clock,
            @Value("${spring.application.name}") String service) {
        this.collection = database.getCollection(COLLECTION);
        this.outbox = outbox;
        this.relay = relay;
        this.source = erasureConfirmationsOutbox;
        this.clock = clock;
        this.service = service;
    }

    /** The {@code data} of erasure.confirmed. */
    record ConfirmedData(
            String erasureId,
            String contactId,
            String ownerId,
            String service,
            Instant confirmedAt,
            Map<String, Integer> removed) {}

    /** Stores the confirmation with its event, for the relay to publish. */
    void confirm(String erasureId, String contactId, String ownerId, Map<String, Integer> removed) {
        Instant now = clock.instant();
        StagedEvent event = outbox.event(
                TOPIC,
                CONFIRMED,
                contactId,
                ownerId,
                1,
                new ConfirmedData(erasureId, contactId, ownerId, service, now, removed));
        collection.updateOne(
                Filters.eq("_id", erasureId),
                Updates.combine(
                        Updates.set("contactId", contactId),
                        Updates.set("ownerId", ownerId),
                        Updates.set("confirmedAt", StoredValues.date(now)),
                        Updates.set("removed", new Document(Map.copyOf(removed))),
                        outbox.append(event)),
                new UpdateOptions().upsert(true));
        relay.enqueue(source, erasureId);
    }
}
