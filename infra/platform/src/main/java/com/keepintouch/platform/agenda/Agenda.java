package com.keepintouch.platform.agenda;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * When each aggregate must be looked at again because time alone may change it: a relationship
 * falling due, a webhook delivery whose retry time comes.
 *
 * <p>Entries live in one document per bucket of time, found by {@code _id}; the sweep reads only the
 * buckets that have come since it last ran, so its cost grows with what falls due, never with the
 * number of aggregates (and needs no secondary index, which the Mongo wire server would not use). An
 * entry is a hint: the sweep checks the aggregate itself, so a stale or repeated one costs a read.
 *
 * <p>Choose the bucket small enough that a bucket stays a few thousand entries when many fall due
 * together (each write rewrites the bucket document), and large enough that a sweep after a long
 * pause reads few documents.
 */
public class Agenda {

    private static final String CURSOR_ID = "sweep";
    private static final int IDS_PER_QUERY = 1000;

    /** Longer than any write takes from reading the clock to landing its agenda entry. */
    public static final Duration WRITE_GRACE = Duration.ofMinutes(1);

    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> cursor;
    private final Duration bucket;

    /** An agenda in the collections {@code <name>} and {@code <name>_cursor}. */
    public Agenda(MongoDatabase database, String name, Duration bucket, java.time.Clock clock) {
        if (bucket.toSeconds() < 1) {
            throw new IllegalArgumentException("an agenda bucket is at least a second, was " + bucket);
        }
        this.buckets = database.getCollection(name);
        this.cursor = database.getCollection(name + "_cursor");
        this.bucket = bucket;
        initialize(clock.instant());
    }

    /** Marks where the sweep starts, if nothing has; before any entry can be written. */
    private void initialize(Instant now) {
        cursor.updateOne(
                Filters.eq("_id", CURSOR_ID),
                Updates.setOnInsert("sweptUntil", Date.from(bucketStart(now))),
                new UpdateOptions().upsert(true));
    }

    /** Files a check of each id at its instant; an id filed twice is checked twice. */
    public void schedule(Map<String, Instant> checks) {
        if (checks.isEmpty()) {
            return;
        }
        Map<String, List<String>> byBucket = new LinkedHashMap<>();
        checks.forEach((id, at) ->
                byBucket.computeIfAbsent(bucketId(at), b -> new ArrayList<>()).add(entry(id, at)));
        List<WriteModel<Document>> writes = new ArrayList<>(byBucket.size());
        byBucket.forEach((id, entries) -> writes.add(new UpdateOneModel<>(
                Filters.eq("_id", id), Updates.pushEach("entries", entries), new UpdateOptions().upsert(true))));
        buckets.bulkWrite(writes);
    }

    /** The ids whose check time has come, from every bucket not yet swept up to {@code now}. */
    public Due due(Instant now) {
        Document state = cursor.find(Filters.eq("_id", CURSOR_ID)).first();
        Instant from =
                state == null ? bucketStart(now) : state.getDate("sweptUntil").toInstant();
        List<String> ids = new ArrayList<>();
        for (Instant b = from; !b.isAfter(bucketStart(now)); b = b.plus(bucket)) {
            ids.add(bucketId(b));
        }
        Set<String> dueIds = new LinkedHashSet<>();
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            for (Document found :
                    buckets.find(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY))))) {
                for (String entry : found.getList("entries", String.class, List.of())) {
                    int space = entry.indexOf(' ');
                    if (Long.parseLong(entry.substring(0, space)) <= now.toEpochMilli()) {
                        dueIds.add(entry.substring(space + 1));
                        seen.computeIfAbsent(found.getString("_id"), b -> new ArrayList<>())
                                .add(entry);
                    }
                }
            }
        }
        return new Due(List.copyOf(dueIds), ids, seen, now);
    }

    /**
     * Forgets what {@code due} found, once it has been handled. A bucket is dropped whole only when
     * it ended more than {@link #WRITE_GRACE} ago, so that no writer can still be adding to it; in
     * later buckets only the entries seen are removed.
     */
    public void done(Due due) {
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

    /** What a sweep found: the ids, and what {@link #done} needs to forget them. */
    public record Due(List<String> ids, List<String> bucketIds, Map<String, List<String>> seen, Instant asOf) {}

    /** {@code "<epoch millis> <id>"}: a string, so that a busy bucket stays cheap to rewrite. */
    static String entry(String id, Instant at) {
        return at.toEpochMilli() + " " + id;
    }

    Instant bucketStart(Instant at) {
        long seconds = bucket.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    String bucketId(Instant at) {
        return bucketStart(at).toString();
    }
}
