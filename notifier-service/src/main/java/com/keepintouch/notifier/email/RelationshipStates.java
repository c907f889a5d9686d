package com.keepintouch.notifier.email;

import static com.keepintouch.notifier.email.RelationshipStateDocuments.ID;
import static com.keepintouch.notifier.email.RelationshipStateDocuments.OWNER_ID;
import static com.keepintouch.notifier.email.RelationshipStateDocuments.SEQUENCE;
import static com.keepintouch.notifier.email.RelationshipStateDocuments.STATUS;
import static com.keepintouch.platform.system.StoredValues.longValue;

import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoBulkWriteException;
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

    /** Writes of one state that may race before a batch gives up; each race has a winner. */
    private static final int ATTEMPTS = 5;

    private final RelationshipStateDocuments documents = new RelationshipStateDocuments();
    private final MongoCollection<Document> collection;

    RelationshipStates(MongoDatabase database) {
        this.collection = database.getCollection("relationship_states");
        collection.createIndex(Indexes.ascending(OWNER_ID, STATUS), new IndexOptions().name("by_owner_status"));
    }

    /**
     * Stores the states newer than those stored. The caller leaves out contacts that were erased
     * (their events arrive without names).
     */
    public void apply(List<RelationshipState> states) {
        Map<String, RelationshipState> latest = new LinkedHashMap<>();
        for (RelationshipState state : states) {
            latest.merge(state.contactId(), state, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        if (latest.isEmpty()) {
            return;
        }
        // Read by _id to skip what is known already; then every write is a compare-and-set on the
        // stored sequence, because a consumer that lost its partition in a rebalance (another
        // instance joined, or it stalled) may still be writing a batch the new owner wrote after it.
        List<RelationshipState> newer = newerThanStored(latest.values());
        for (int attempt = 1; !newer.isEmpty(); attempt++) {
            List<WriteModel<Document>> writes = new ArrayList<>(newer.size());
            for (RelationshipState state : newer) {
                writes.add(new ReplaceOneModel<>(
                        Filters.and(Filters.eq(ID, state.contactId()), Filters.lt(SEQUENCE, state.sequence())),
                        documents.toDocument(state),
                        new ReplaceOptions().upsert(true)));
            }
            try {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                return;
            } catch (MongoBulkWriteException e) {
                // Those found stored as new or newer (nothing to do), or inserted meanwhile: look again.
                Set<Integer> taken = DuplicateKeys.duplicatesOf(e);
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                List<RelationshipState> again = new ArrayList<>();
                for (int index : taken) {
                    again.add(newer.get(index));
                }
                newer = newerThanStored(again);
            }
        }
    }

    /** Of {@code states}, those newer than what is stored; read by _id, which every server serves by its index. */
    private List<RelationshipState> newerThanStored(java.util.Collection<RelationshipState> states) {
        Map<String, Long> stored = new HashMap<>();
        for (Document document : collection
                .find(Filters.in(
                        ID, states.stream().map(RelationshipState::contactId).toList()))
                .projection(Projections.include(SEQUENCE))) {
            stored.put(document.getString(ID), longValue(document, SEQUENCE));
        }
        List<RelationshipState> newer = new ArrayList<>();
        for (RelationshipState state : states) {
            Long known = stored.get(state.contactId());
            if (known == null || known < state.sequence()) {
                newer.add(state);
            }
        }
        return newer;
    }

    /** Forgets the state of a contact's relationship (its contact was erased); whether there was one. */
    public boolean forget(String contactId) {
        return collection.deleteOne(Filters.eq(ID, contactId)).getDeletedCount() == 1;
    }

    /** Forgets the states of these contacts' relationships. */
    public void forget(java.util.Collection<String> contactIds) {
        if (!contactIds.isEmpty()) {
            collection.deleteMany(Filters.in(ID, List.copyOf(contactIds)));
        }
    }

    /** The state of a contact's relationship, if one was announced. */
    public java.util.Optional<RelationshipState> find(String contactId) {
        return java.util.Optional.ofNullable(
                        collection.find(Filters.eq(ID, contactId)).first())
                .map(documents::fromDocument);
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
