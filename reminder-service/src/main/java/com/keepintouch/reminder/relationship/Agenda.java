package com.keepintouch.reminder.relationship;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * When each relationship must be looked at again because time alone may change its status.
 *
 * <p>Entries live in one document per hour, found by {@code _id}; the sweep reads only the hours
 * that have come since it last ran, so its cost grows with the relationships falling due, never with
 * the number of relationships (and needs no secondary index, which the Mongo wire server would not
 * use). An entry is a hint: the sweep checks the relationship itself, so a stale one costs a read.
 */
@Component
class Agenda {

    static final Duration BUCKET = Duration.ofHours(1);
    private static final String CURSOR_ID = "sweep";
    private static final int IDS_PER_QUERY = 1000;

    /** Longer than any write takes from reading the clock to landing its agenda entry. */
    static final Duration WRITE_GRACE = Duration.ofMinutes(1);

    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> cursor;

    Agenda(MongoDatabase database, java.time.Clock clock) {
        this.buckets = database.getCollection("relationship_agenda");
        this.cursor = database.getCollection("relationship_agenda_cursor");
        initialize(clock.instant());
    }

    /** Marks where the sweep starts, if nothing has; before any entry can be written. */
    void initialize(Instant now) {
        cursor.updateOne(
                Filters.eq("_id", CURSOR_ID),
                Updates.setOnInsert("sweptUntil", Date.from(bucketStart(now))),
                new UpdateOptions().upsert(true));
    }

    void schedule(Map<String, Instant> checks) {
        if (checks.isEmpty()) {
            return;
        }
        Map<String, List<Document>> byBucket = new LinkedHashMap<>();
        checks.forEach((contactId, at) -> byBucket.computeIfAbsent(bucketId(at), b -> new ArrayList<>())
                .add(new Document("c", contactId).append("at", Date.from(at))));
        List<WriteModel<Document>> writes = new ArrayList<>(byBucket.size());
        byBucket.forEach((bucket, entries) -> writes.add(new UpdateOneModel<>(
                Filters.eq("_id", bucket),
                Updates.addEachToSet("entries", entries),
                new UpdateOptions().upsert(true))));
        buckets.bulkWrite(writes);
    }

    /** The relationships whose check time has come, from every hour not yet swept up to {@code now}. */
    Due due(Instant now) {
        Document state = cursor.find(Filters.eq("_id", CURSOR_ID)).first();
        Instant from =
                state == null ? bucketStart(now) : state.getDate("sweptUntil").toInstant();
        List<String> ids = new ArrayList<>();
        for (Instant b = from; !b.isAfter(bucketStart(now)); b = b.plus(BUCKET)) {
            ids.add(bucketId(b));
        }
        Set<String> contactIds = new LinkedHashSet<>();
        Map<String, List<Document>> seen = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            for (Document bucket :
                    buckets.find(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY))))) {
                for (Document entry : bucket.getList("entries", Document.class, List.of())) {
                    if (!entry.getDate("at").toInstant().isAfter(now)) {
                        contactIds.add(entry.getString("c"));
                        seen.computeIfAbsent(bucket.getString("_id"), b -> new ArrayList<>())
                                .add(entry);
                    }
                }
            }
        }
        return new Due(List.copyOf(contactIds), ids, seen, now);
    }

    /**
     * Forgets what {@code due} found, once it has been handled. An hour is dropped whole only when
     * it ended more than {@link #WRITE_GRACE} ago, so that no writer can still be adding to it; in
     * later hours only the entries seen are removed.
     */
    void done(Due due) {
        Instant settled = bucketStart(due.asOf().minus(WRITE_GRACE));
        List<String> finished = new ArrayList<>();
        for (String id : due.bucketIds()) {
            if (Instant.parse(id).isBefore(settled)) {
                finished.add(id);
            } else if (due.seen().containsKey(id)) {
                buckets.updateOne(
                        Filters.eq("_id", id),
                        Updates.pullAll("entries", due.seen().get(id)));
            }
        }
        for (int i = 0; i < finished.size(); i += IDS_PER_QUERY) {
            buckets.deleteMany(Filters.in("_id", finished.subList(i, Math.min(finished.size(), i + IDS_PER_QUERY))));
        }
        cursor.updateOne(
                Filters.eq("_id", CURSOR_ID),
                Updates.max("sweptUntil", Date.from(settled)),
                new UpdateOptions().upsert(true));
    }

    record Due(List<String> contactIds, List<String> bucketIds, Map<String, List<Document>> seen, Instant asOf) {}

    static Instant bucketStart(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    static String bucketId(Instant at) {
        return bucketStart(at).toString();
    }
}
