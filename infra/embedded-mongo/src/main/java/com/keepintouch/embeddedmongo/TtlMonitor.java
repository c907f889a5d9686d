package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MongoDB's TTL monitor: each pass deletes the documents whose field of a TTL index (a
 * single-field index with {@code expireAfterSeconds}) holds a date more than that many seconds in
 * the past, or an array holding one; documents without a date there are kept, and so are those a
 * partial index leaves out. The indexes are read from the index descriptions at each pass, so one
 * created, changed ({@code collMod}) or replayed from the journal counts from the next pass. The
 * deletions are {@code delete} commands sent to the backend as a client's would be, so the journal,
 * the oplog (change streams) and every index see them.
 */
final class TtlMonitor implements AutoCloseable {

    /** Seconds between two passes, as MongoDB's {@code ttlMonitorSleepSecs}; 60 by default. */
    static final String SLEEP_SECONDS_PROPERTY = "embeddedmongo.ttlMonitorSleepSecs";

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(TtlMonitor.class);

    private final IndexedBackend backend;
    private final Clock clock;
    /** The deletions come from no client; the server keys its per-client state by channel. */
    private final Channel channel = new EmbeddedChannel();

    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ttl-monitor");
        thread.setDaemon(true);
        return thread;
    });

    private TtlMonitor(IndexedBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /** A monitor of {@code backend} making a pass every {@code interval}, the first one interval from now. */
    static TtlMonitor start(IndexedBackend backend, Duration interval) {
        TtlMonitor monitor = new TtlMonitor(backend, Clock.systemUTC());
        monitor.passes.scheduleWithFixedDelay(
                monitor::passLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return monitor;
    }

    /** The interval of {@value #SLEEP_SECONDS_PROPERTY}, else 60 s. */
    static Duration configuredInterval() {
        long seconds = Long.getLong(SLEEP_SECONDS_PROPERTY, DEFAULT_INTERVAL.toSeconds());
        if (seconds < 1) {
            throw new IllegalArgumentException(SLEEP_SECONDS_PROPERTY + " must be at least 1 second, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** A failing pass is logged and the next one tried: the monitor never stops on its own. */
    private void passLogged() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("TTL pass failed, the next one tries again error=\"{}\"", e.toString());
        }
    }

    /** One pass over every TTL index of every database; how many documents it deleted. */
    int pass() {
        Instant now = clock.instant();
        int deleted = 0;
        for (IndexedDatabase database : backend.databases()) {
            for (IndexedCollection collection : database.live()) {
                for (Document index : database.indexesOf(collection.getCollectionName())) {
                    deleted += expire(database, collection.getCollectionName(), index, now);
                }
            }
        }
        return deleted;
    }

    private int expire(IndexedDatabase database, String collection, Document index, Instant now) {
        if (!(index.get("expireAfterSeconds") instanceof Number seconds)
                || !(index.get("key") instanceof Document key)
                || key.size() != 1
                || key.containsKey("_id")) {
            return 0; // MongoDB ignores expireAfterSeconds on a compound index; _id cannot be one
        }
        String field = key.keySet().iterator().next();
        Document filter = new Document(field, new Document("$lt", now.minusSeconds(seconds.longValue())));
        if (index.get("partialFilterExpression") instanceof Document partial) {
            filter = new Document("$and", List.of(partial, filter));
        }
        Document command = new Document("delete", collection)
                .append("deletes", List.of(new Document("q", filter).append("limit", 0)))
                .append("ordered", true);
        Document response = backend.handleCommand(channel, database.getDatabaseName(), "delete", command);
        int deleted = response.get("n") instanceof Number n ? n.intValue() : 0;
        if (deleted > 0) {
            log.info(
                    "TTL index expired documents database={} collection={} index={} documents={}",
                    database.getDatabaseName(),
                    collection,
                    index.get("name"),
                    deleted);
        }
        return deleted;
    }

    /** Waits for a pass under way (it runs to its end, as a client's command would) and stops. */
    @Override
    public void close() {
        passes.shutdown();
        try {
            if (!passes.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("TTL pass still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
