package com.keepintouch.platform.personal;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * A service's confirmations that it erased a person: one document per erasure in {@code
 * erasure_confirmations} ({@code _id} = erasureId), carrying its {@code erasure.confirmed} on
 * {@code erasures.v1} in its outbox. A service confirms only once its erasure is stored; a
 * redelivered {@code contact.erased} confirms again, and contact-service's tracking keeps the first
 * confirmation of each service.
 */
public final class ErasureConfirmations {

    public static final String COLLECTION = "erasure_confirmations";
    public static final String TOPIC = "erasures.v1";
    public static final String CONFIRMED = "erasure.confirmed";

    private final OutboxSource source;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final String service;

    /** The {@code data} of erasure.confirmed (erasure.confirmed.schema.json). */
    record Confirmed(
            String erasureId,
            String contactId,
            String ownerId,
            String service,
            Instant confirmedAt,
            Map<String, Long> removed) {}

    public ErasureConfirmations(OutboxSource source, Outbox outbox, OutboxRelay relay, Clock clock, String service) {
        this.source = source;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.service = service;
    }

    /**
     * Stores that this service erased the contact, with counts of what it removed or anonymised by
     * kind, and stages erasure.confirmed in the same write; the relay publishes it at once.
     */
    public void confirm(String erasureId, String contactId, String ownerId, Map<String, ? extends Number> removed) {
        confirm(erasureId, contactId, ownerId, removed, null);
    }

    /** The same, staged in the trace of the event that asked for the erasure ({@code traceparent}, may be null). */
    public void confirm(
            String erasureId,
            String contactId,
            String ownerId,
            Map<String, ? extends Number> removed,
            String traceparent) {
        Instant now = clock.instant();
        Map<String, Long> counts = new TreeMap<>();
        removed.forEach((kind, count) -> counts.put(kind, count.longValue()));
        Confirmed data = new Confirmed(erasureId, contactId, ownerId, service, now, counts);
        source.collection()
                .updateOne(
                        Filters.eq("_id", erasureId),
                        Updates.combine(
                                Updates.set("contactId", contactId),
                                Updates.set("ownerId", ownerId),
                                Updates.set("confirmedAt", StoredValues.date(now)),
                                Updates.set("removed", new Document(Map.copyOf(counts))),
                                outbox.append(outbox.event(TOPIC, CONFIRMED, contactId, ownerId, 1, data)
                                        .causedBy(traceparent))),
                        new UpdateOptions().upsert(true));
        relay.enqueue(source, erasureId);
    }
}
