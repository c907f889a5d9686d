package com.keepintouch.notifier.email;

import static com.keepintouch.notifier.email.RelationshipStateDocuments.ID;
import static com.keepintouch.notifier.email.RelationshipStateDocuments.OWNER_ID;
import static com.keepintouch.notifier.email.RelationshipStateDocuments.SEQUENCE;
import static com.keepintouch.notifier.email.RelationshipStateDocuments.STATUS;
import static com.keepintouch.platform.system.StoredValues.longValue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    private final RelationshipStateDocuments documents = new RelationshipStateDocuments();
    private final MongoCollection<Document> collection;

    RelationshipStates(MongoDatabase database) {
        this.collection = database.getCollection("relationship_states");
        collection.createIndex(Indexes.ascending(OWNER_ID, STATUS), new IndexOptions().name("by_owner_status"));
    }

    public void apply(List<RelationshipState> states) {
        Map<String, RelationshipState> latest = new LinkedHashMap<>();
        for (RelationshipState state : states) {
            latest.merge(state.contactId(), state, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        if (latest.isEmpty()) {
            return;
        }
        // Read by _id, compare in code, write by _id: the Mongo wire server uses its _id index only
        // for a query on _id alone. One consumer thread handles a contact's partition at a time.
        Map<String, Long> stored = new HashMap<>();
        for (Document document : collection
                .find(Filters.in(ID, List.copyOf(latest.keySet())))
                .projection(Projections.include(SEQUENCE))) {
            stored.put(document.getString(ID), longValue(document, SEQUENCE));
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (RelationshipState state : latest.values()) {
            Long known = stored.get(state.contactId());
            if (known == null || known < state.sequence()) {
                writes.add(new ReplaceOneModel<>(
                        Filters.eq(ID, state.contactId()),
                        documents.toDocument(state),
                        new ReplaceOptions().upsert(true)));
            }
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** The owner's due and overdue relationships, most overdue first. */
    List<RelationshipState> needingAttention(String ownerId) {
        List<RelationshipState> found = collection
                .find(Filters.and(Filters.eq(OWNER_ID, ownerId), Filters.in(STATUS, List.copyOf(IN_DIGEST))))
                .map(documents::fromDocument)
                .into(new ArrayList<>());
        found.sort(Comparator.comparing((RelationshipState s) -> !"OVERDUE".equals(s.status()))
                .thenComparing(s -> s.nextDueAt() == null ? Instant.MAX : s.nextDueAt()));
        return found;
    }

    /** Relationships by status, for the operations dashboard. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Document group : collection.aggregate(List.of(Aggregates.group("$" + STATUS, Accumulators.sum("n", 1))))) {
            counts.put(group.getString("_id"), ((Number) group.get("n")).longValue());
        }
        return counts;
    }
}
