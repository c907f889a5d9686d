package com.keepintouch.notifier.personaldata;

import static com.keepintouch.platform.system.StoredValues.date;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code erasure_confirmations} collection: one document per erasure ({@code _id} the erasure
 * id), whose outbox carries {@code erasure.confirmed} to {@code erasures.v1}. Each confirmation is an
 * upsert that stages a new event, so an erasure read again confirms again; contact-service drops
 * the duplicates by erasure and service.
 */
@Component
class ErasureConfirmations {

    static final String COLLECTION = "erasure_confirmations";
    static final String TOPIC = "erasures.v1";
    static final String TYPE = "erasure.confirmed";

    private final OutboxSource source;
    private final MongoCollection<Document> collection;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final String service;

    ErasureConfirmations(
            OutboxSource erasureConfirmationsOutbox,
            Outbox outbox,
            OutboxRelay relay,
            @Value("${spring.application.name}") String service) {
        this.source = erasureConfirmationsOutbox;
        this.collection = erasureConfirmationsOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
        this.service = service;
    }

    /** The data of {@code erasure.confirmed}. */
    record Confirmed(
            String erasureId,
            String contactId,
            String ownerId,
            String service,
            Instant confirmedAt,
            Map<String, Long> removed) {}

    /** Stages the confirmation of an erasure whose removals are stored; what it counted removed. */
    void confirm(ContactErased erased, Map<String, Long> removed, Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>(removed);
        StagedEvent event = outbox.event(
                        TOPIC,
                        TYPE,
                        erased.contactId(),
                        erased.ownerId(),
                        1,
                        new Confirmed(erased.erasureId(), erased.contactId(), erased.ownerId(), service, now, counts))
                .causedBy(erased.traceparent());
        Document figures = new Document();
        counts.forEach(figures::append);
        collection.updateOne(
                Filters.eq("_id", erased.erasureId()),
                Updates.combine(
                        Updates.set("contactId", erased.contactId()),
                        Updates.set("ownerId", erased.ownerId()),
                        Updates.set("confirmedAt", date(now)),
                        Updates.set("removed", figures),
                        outbox.append(event)),
                new UpdateOptions().upsert(true));
        relay.enqueue(source, erased.erasureId());
    }
}
