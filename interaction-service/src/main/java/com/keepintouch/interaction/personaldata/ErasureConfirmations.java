package com.keepintouch.interaction.personaldata;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code erasure_confirmations}: one document per erasure ({@code _id} = erasureId), carrying the
 * outbox of its {@code erasure.confirmed} on erasures.v1. Confirming again (a redelivery) stages
 * the confirmation again; contact-service dedupes by erasure and service.
 */
@Component
class ErasureConfirmations {

    static final String COLLECTION = "erasure_confirmations";
    static final String TOPIC = "erasures.v1";

    private final OutboxSource source;
    private final MongoCollection<Document> confirmations;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final String service;

    ErasureConfirmations(
            @Qualifier("erasureConfirmationsOutbox") OutboxSource erasureConfirmationsOutbox,
            Outbox outbox,
            OutboxRelay relay,
            @Value("${spring.application.name}") String service) {
        this.source = erasureConfirmationsOutbox;
        this.confirmations = erasureConfirmationsOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
        this.service = service;
    }

    /** The data of erasure.confirmed (erasure.confirmed.schema.json). */
    record Confirmed(
            String erasureId,
            String contactId,
            String ownerId,
            String service,
            Instant confirmedAt,
            Map<String, Long> removed) {}

    /** Stores that this service erased the contact, with what it removed, and stages erasure.confirmed in the same write. */
    void confirm(String erasureId, String contactId, String ownerId, Instant confirmedAt, Map<String, Long> removed) {
        Confirmed data = new Confirmed(erasureId, contactId, ownerId, service, confirmedAt, removed);
        Document counts = new Document();
        removed.forEach(counts::append);
        confirmations.updateOne(
                Filters.eq("_id", erasureId),
                Updates.combine(
                        Updates.set("contactId", contactId),
                        Updates.set("ownerId", ownerId),
                        Updates.set("confirmedAt", StoredValues.date(confirmedAt)),
                        Updates.set("removed", counts),
                        outbox.append(outbox.event(TOPIC, "erasure.confirmed", contactId, ownerId, 1, data))),
                new UpdateOptions().upsert(true));
        relay.enqueue(source, erasureId);
    }
}
