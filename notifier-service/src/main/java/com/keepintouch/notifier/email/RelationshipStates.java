package com.keepintouch.notifier.email;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * What a digest lists: the latest state of every relationship, kept from {@code relationships.v1}.
 * A state replaces the stored one only if its {@code sequence} is newer, so redelivered and
 * out-of-order events change nothing.
 */
@Component
public class RelationshipStates {

    static final Set<String> IN_DIGEST = Set.of("DUE", "OVERDUE");
    private final MongoCollection<Document> collection;

    RelationshipStates(MongoDatabase database) {
        this.collection = database.getCollection("relationship_states");
        collection.createIndex(Indexes.ascending("ownerId", "status"), new IndexOptions().name("by_owner_status"));
    }

    public void apply(List<RelationshipState> states) {
        Map<String, RelationshipState> latest = new LinkedHashMap<>();
        for (RelationshipState state : states) {
            latest.merge(state.contactId(), state, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        if (latest.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (RelationshipState state : latest.values()) {
            // Replaces an older state; for a newer one stored, the upsert collides on _id and is dropped.
            writes.add(new ReplaceOneModel<>(
                    Filters.and(Filters.eq("_id", state.contactId()), Filters.lt("sequence", state.sequence())),
                    toDocument(state),
                    new ReplaceOptions().upsert(true)));
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    /** The owner's due and overdue relationships, most overdue first. */
    List<RelationshipState> needingAttention(String ownerId) {
        List<RelationshipState> found = new ArrayList<>();
        for (Document document : collection.find(
                Filters.and(Filters.eq("ownerId", ownerId), Filters.in("status", List.copyOf(IN_DIGEST))))) {
            found.add(fromDocument(document));
        }
        found.sort(Comparator.comparing((RelationshipState s) -> !"OVERDUE".equals(s.status()))
                .thenComparing(s -> s.nextDueAt() == null ? java.time.Instant.MAX : s.nextDueAt()));
        return found;
    }

    /** Relationships by status, for the operations dashboard. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Document group : collection.aggregate(List.of(com.mongodb.client.model.Aggregates.group(
                "$status", com.mongodb.client.model.Accumulators.sum("n", 1))))) {
            counts.put(group.getString("_id"), ((Number) group.get("n")).longValue());
        }
        return counts;
    }

    static Document toDocument(RelationshipState s) {
        return new Document("_id", s.contactId())
                .append("ownerId", s.ownerId())
                .append("contactName", s.contactName())
                .append("status", s.status())
                .append("reasons", s.reasons())
                .append("suggestedAction", s.suggestedAction())
                .append("nextDueAt", s.nextDueAt() == null ? null : Date.from(s.nextDueAt()))
                .append("overdueAt", s.overdueAt() == null ? null : Date.from(s.overdueAt()))
                .append("sequence", s.sequence());
    }

    static RelationshipState fromDocument(Document d) {
        return new RelationshipState(
                d.getString("_id"),
                d.getString("ownerId"),
                d.getString("contactName"),
                d.getString("status"),
                d.getList("reasons", String.class, List.of()),
                d.getString("suggestedAction"),
                d.getDate("nextDueAt") == null ? null : d.getDate("nextDueAt").toInstant(),
                d.getDate("overdueAt") == null ? null : d.getDate("overdueAt").toInstant(),
                ((Number) d.get("sequence")).longValue());
    }
}
