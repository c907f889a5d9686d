package com.keepintouch.notifier.contact;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.instant;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.PeriodicTask;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The contacts erased, as tombstones of the {@code erased_contacts} collection ({@code _id} the
 * contact, its owner, when it was erased and by which erasure): what makes an erased contact a
 * 404 here and keeps a late or replayed event from notifying anyone about it.
 *
 * <p>Every instance also keeps the ids in memory, read again every {@code kit.webhooks.endpoint-refresh}
 * (only the tombstones written since), so that a delivery queued in memory before another instance
 * erased its contact is not attempted.
 */
@Component
public class ErasedContacts extends PeriodicTask {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String ERASED_AT = "erasedAt";
    static final String ERASURE_ID = "erasureId";
    static final String RECORDED_AT = "recordedAt";

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile Instant readUpTo = Instant.EPOCH;

    /** A tombstone: who the contact belonged to and when it was erased (an erasure id when one said so). */
    public record Tombstone(String contactId, String ownerId, Instant erasedAt, String erasureId) {}

    ErasedContacts(MongoDatabase database, Clock clock, @Value("${kit.webhooks.endpoint-refresh}") Duration refresh) {
        super("erased-contacts", Duration.ZERO, refresh);
        this.collection = database.getCollection("erased_contacts");
        this.clock = clock;
        CollectionIndexes.declare(
                collection,
                List.of(
                        // the refresh of every instance's ids: those recorded since the last one
                        new IndexModel(Indexes.ascending(RECORDED_AT, ID), new IndexOptions().name("recorded"))));
    }

    /**
     * Stores tombstones (idempotent): an erasure's sets its id, one learnt from an event that arrived
     * erased has none until the erasure itself arrives.
     */
    public void record(Collection<Tombstone> tombstones) {
        if (tombstones.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<WriteModel<Document>> writes = new ArrayList<>(tombstones.size());
        for (Tombstone tombstone : tombstones) {
            List<Bson> sets = new ArrayList<>();
            sets.add(Updates.setOnInsert(OWNER_ID, tombstone.ownerId()));
            sets.add(Updates.setOnInsert(ERASED_AT, date(tombstone.erasedAt())));
            sets.add(Updates.setOnInsert(RECORDED_AT, date(now)));
            if (tombstone.erasureId() != null) {
                sets.add(Updates.set(ERASURE_ID, tombstone.erasureId()));
            }
            writes.add(new UpdateOneModel<>(
                    Filters.eq(ID, tombstone.contactId()), Updates.combine(sets), new UpdateOptions().upsert(true)));
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        tombstones.forEach(t -> known.add(t.contactId()));
    }

    public void record(Tombstone tombstone) {
        record(List.of(tombstone));
    }

    /** The tombstone of a contact, read from the database. */
    public Optional<Tombstone> find(String contactId) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, contactId)).first())
                .map(ErasedContacts::tombstone);
    }

    /** Whether the contact was erased, read from the database; the one check of an API answer. */
    public boolean erased(String contactId) {
        return contactId != null
                && (known.contains(contactId) || find(contactId).isPresent());
    }

    /** Of these contacts, those erased, in one read by {@code _id}. */
    public Set<String> erasedAmong(Collection<String> contactIds) {
        Set<String> erased = new HashSet<>();
        if (contactIds.isEmpty()) {
            return erased;
        }
        for (Document document : collection
                .find(Filters.in(ID, List.copyOf(new HashSet<>(contactIds))))
                .projection(Projections.include(ID))) {
            erased.add(document.getString(ID));
        }
        known.addAll(erased);
        return erased;
    }

    /**
     * Whether this instance knows the contact was erased, from memory alone (at most a refresh
     * late for an erasure by another instance): the check before every attempt.
     */
    public boolean knownErased(String contactId) {
        return contactId != null && known.contains(contactId);
    }

    @Override
    protected void runOnce() {
        refresh();
    }

    /** Reads the tombstones recorded since the last refresh (a little before, for clocks of other instances). */
    synchronized void refresh() {
        Instant from = readUpTo;
        Instant latest = from;
        for (Document document : collection
                .find(Filters.gte(RECORDED_AT, date(from.minus(Duration.ofMinutes(1)))))
                .projection(Projections.include(ID, RECORDED_AT))
                .sort(Sorts.ascending(RECORDED_AT, ID))) {
            known.add(document.getString(ID));
            Instant at = instant(document, RECORDED_AT);
            if (at != null && at.isAfter(latest)) {
                latest = at;
            }
        }
        readUpTo = latest;
    }

    private static Tombstone tombstone(Document d) {
        return new Tombstone(d.getString(ID), d.getString(OWNER_ID), instant(d, ERASED_AT), d.getString(ERASURE_ID));
    }
}
