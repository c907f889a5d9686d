package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A MongoDB wire-protocol server for tests and the local stack: mongo-java-server with documents on
 * the heap and secondary indexes that MongoDB's planner would use (equality prefix, range, sort),
 * in memory only ({@link #inMemory}) or durable through a write journal ({@link #journaled}), and
 * TTL indexes that expire documents ({@link TtlMonitor}, every 60 s unless
 * {@code -Dembeddedmongo.ttlMonitorSleepSecs} says otherwise). A stand-in for MongoDB 8, not the
 * target: the services' queries are written for MongoDB.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /** The journal's file name inside the data directory. */
    public static final String JOURNAL_FILE = "journal.bin";

    /** The journal is compacted in the background once it holds more than this, and 4x the live data. */
    static final long DEFAULT_COMPACT_ABOVE_BYTES = 512L * 1024 * 1024;

    private final MongoServer server;
    private final InetSocketAddress address;
    private final TtlMonitor ttlMonitor;

    private EmbeddedMongo(IndexedBackend backend, boolean oplog, String host, int port, Duration ttlInterval) {
        this.server = new MongoServer(backend);
        if (oplog) {
            server.enableOplog();
        }
        server.bind(host, port);
        this.address = server.getLocalAddress();
        this.ttlMonitor = TtlMonitor.start(backend, ttlInterval);
    }

    /** An in-memory server on a free loopback port, with an oplog (change streams work). */
    public static EmbeddedMongo inMemory() {
        return inMemory(TtlMonitor.configuredInterval());
    }

    /** The same, with a pass of the TTL monitor every {@code ttlInterval}. */
    static EmbeddedMongo inMemory(Duration ttlInterval) {
        return new EmbeddedMongo(new IndexedBackend(), true, "127.0.0.1", 0, ttlInterval);
    }

    /**
     * A durable server: replays {@code directory}'s journal and keeps appending to it; no oplog (it
     * would double every write, and nothing in the local stack uses change streams).
     */
    public static EmbeddedMongo journaled(Path directory, String host, int port, long compactAboveBytes)
            throws IOException {
        return journaled(directory, host, port, compactAboveBytes, TtlMonitor.configuredInterval());
    }

    /** The same, with a pass of the TTL monitor every {@code ttlInterval}. */
    static EmbeddedMongo journaled(Path directory, String host, int port, long compactAboveBytes, Duration ttlInterval)
            throws IOException {
        Files.createDirectories(directory);
        return new EmbeddedMongo(
                JournaledBackend.open(directory.resolve(JOURNAL_FILE), compactAboveBytes),
                false,
                host,
                port,
                ttlInterval);
    }

    public static EmbeddedMongo journaled(Path directory, String host, int port) throws IOException {
        return journaled(directory, host, port, DEFAULT_COMPACT_ABOVE_BYTES);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@code mongodb://host:port}, without a database name. */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** Closes the connections and the backend; a journaled backend writes what is pending first. */
    @Override
    public void close() {
        ttlMonitor.close();
        server.shutdownNow();
    }

    /** Stops accepting, lets running commands finish, then closes the backend. */
    public void shutdown() {
        ttlMonitor.close();
        server.shutdown();
    }
}
