package com.keepintouch.contact.audit;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The {@code audit_events} collection: one document per audit entry, carrying its audit.recorded
 * in its outbox until the broker has it. Kept afterwards, so an entry recorded "once" stays once.
 */
@Component
class AuditEvents {

    static final String TOPIC = "audit.v1";
    static final String TYPE = "audit.recorded";

    private final MongoCollection<Document> collection;
    private final OutboxSource source;
    private final Outbox outbox;
    private final OutboxRelay relay;

    AuditEvents(OutboxSource auditOutbox, Outbox outbox, OutboxRelay relay) {
        this.source = auditOutbox;
        this.collection = auditOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Stores the entry and stages its event; false if an entry with its id is stored already. */
    boolean insert(AuditEntry entry) {
        Document document = new Document("_id", entry.auditId())
                .append("action", entry.action().value())
                .append("actor", entry.actor().id())
                .append("actorScopes", entry.actor().scopes())
                .append("ownerId", entry.ownerId())
                .append("contactId", entry.contactId())
                .append("outcome", entry.outcome().name())
                .append("detail", entry.detail())
                .append("erasureId", entry.erasureId())
                .append("at", StoredValues.date(entry.at()));
        try {
            collection.insertOne(outbox.withEvents(
                    document,
                    List.of(outbox.event(TOPIC, TYPE, entry.auditId(), entry.ownerId(), 1, recorded(entry)))));
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        relay.enqueue(source, entry.auditId());
        return true;
    }

    private static Recorded recorded(AuditEntry e) {
        return new Recorded(
                e.auditId(),
                e.action().value(),
                e.actor().id(),
                e.actor().scopes(),
                e.ownerId(),
                e.contactId(),
                e.outcome().name(),
                e.detail(),
                e.erasureId(),
                e.at());
    }

    /** data of audit.recorded. */
    record Recorded(
            String auditId,
            String action,
            String actor,
            List<String> actorScopes,
            String ownerId,
            String contactId,
            String outcome,
            String detail,
            String erasureId,
            Instant at) {}
}
