package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexed backend made durable by a {@link Journal}: every change is appended before the command
 * that made it is answered; a start replays the journal and rewrites it compactly (one record per
 * live document and index); when it grows past four times that, it is rewritten in the background.
 */
final class JournaledBackend extends IndexedBackend {

    /** Commands that change the structure rather than documents; replayed as they were received. */
    private static final Set<String> STRUCTURAL =
            Set.of("create", "createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection", "collmod");

    /** Replayed commands come from no client; the server keys its per-client state by channel. */
    private static final Channel REPLAY_CHANNEL = new EmbeddedChannel();

    private static final Logger log = LoggerFactory.getLogger(JournaledBackend.class);

    private final JournalChanges changes;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "journal");
        thread.setDaemon(true);
        return thread;
    });

    /** Commands run under the read lock; a compaction takes the write lock, so it sees no write half done. */
    private final ReentrantReadWriteLock compaction = new ReentrantReadWriteLock();

    private final AtomicBoolean compacting = new AtomicBoolean();
    private final Path file;
    private final long compactAtLeast;
    private volatile long compactAbove;

    private JournaledBackend(Path file, JournalChanges changes, long compactAtLeastBytes) {
        super(changes);
        this.file = file;
        this.changes = changes;
        this.compactAtLeast = compactAtLeastBytes;
    }

    /** Opens the journal in {@code file}: replays it, rewrites it compactly and keeps appending to it. */
    static JournaledBackend open(Path file, long compactAtLeastBytes) throws IOException {
        long started = System.nanoTime();
        JournaledBackend backend = new JournaledBackend(file, new JournalChanges(), compactAtLeastBytes);
        Journal.Replayed replayed = Journal.replay(file, backend::apply);
        Journal.rewrite(file, backend::snapshot);
        Journal journal = Journal.append(file);
        backend.changes.journal = journal;
        backend.compactAbove = backend.compactionThreshold(journal.size());
        backend.background.scheduleWithFixedDelay(backend::force, 1, 1, TimeUnit.SECONDS);
        log.info(
                "Journal replayed file={} formatVersion={} records={} documents={} compactedMb={} tookMs={}",
                file,
                replayed.version(),
                replayed.records(),
                backend.documentCount(),
                String.format(Locale.ROOT, "%.1f", journal.size() / 1e6),
                (System.nanoTime() - started) / 1_000_000);
        return backend;
    }

    /** Every client command, including those of OP_MSG ({@code handleMessage} calls this). */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        compaction.readLock().lock();
        try {
            Document response = super.handleCommand(channel, databaseName, command, query);
            if (STRUCTURAL.contains(command.toLowerCase(Locale.ROOT))) {
                changes.command(databaseName, command, query);
            }
            changes.flush();
            return response;
        } finally {
            compaction.readLock().unlock();
            compactIfLarge();
        }
    }

    private void compactIfLarge() {
        Journal open = changes.journal;
        if (open == null || open.size() < compactAbove || !compacting.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            long started = System.nanoTime();
            compaction.writeLock().lock();
            try {
                Journal old = changes.journal;
                long before = old.size();
                old.flush();
                Journal.rewrite(file, this::snapshot);
                changes.journal = Journal.append(file);
                old.closeQuietly();
                compactAbove = compactionThreshold(changes.journal.size());
                log.info(
                        "Journal compacted file={} fromMb={} toMb={} tookMs={}",
                        file,
                        String.format(Locale.ROOT, "%.1f", before / 1e6),
                        String.format(Locale.ROOT, "%.1f", changes.journal.size() / 1e6),
                        (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                log.error("Journal not compacted, it keeps growing file={} error=\"{}\"", file, e.toString());
                compactAbove = Long.MAX_VALUE;
            } finally {
                compaction.writeLock().unlock();
                compacting.set(false);
            }
        });
    }

    private long compactionThreshold(long compactSize) {
        return Math.max(compactAtLeast, 4 * compactSize);
    }

    @Override
    public void close() {
        super.close();
        // Not shutdownNow: interrupting a force or a compaction in its file I/O closes the journal's
        // channel (FileChannel is interruptible), and the close below would then fail.
        background.shutdown();
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Journal background work still running at close file={}", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Journal open = changes.journal;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void force() {
        compaction.readLock().lock(); // never the journal a compaction is replacing
        try {
            Journal open = changes.journal;
            if (open != null) {
                open.force();
            }
        } finally {
            compaction.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- replay and snapshot

    private void apply(Journal.Entry entry) {
        switch (entry.type()) {
            case PUT -> database(entry).collection(entry.name()).restore(entry.document());
            case REMOVE ->
                database(entry).collection(entry.name()).forget(entry.document().get("_id"));
            case COMMAND -> super.handleCommand(REPLAY_CHANNEL, entry.database(), entry.name(), entry.document());
        }
    }

    private IndexedDatabase database(Journal.Entry entry) {
        return (IndexedDatabase) resolveDatabase(entry.database());
    }

    /** Writes one record per live collection, index and document. */
    private void snapshot(Journal out) {
        for (IndexedDatabase database : databases()) {
            for (IndexedCollection collection : database.live()) {
                out.command(
                        database.getDatabaseName(), "create", new Document("create", collection.getCollectionName()));
                List<Document> indexes = database.indexesOf(collection.getCollectionName());
                if (!indexes.isEmpty()) {
                    out.command(
                            database.getDatabaseName(),
                            "createIndexes",
                            new Document("createIndexes", collection.getCollectionName()).append("indexes", indexes));
                }
                for (Document document : collection.documents()) {
                    out.put(database.getDatabaseName(), collection.getCollectionName(), document);
                }
            }
            out.flush();
        }
    }

    private long documentCount() {
        return databases().stream()
                .flatMap(d -> d.live().stream())
                .mapToLong(IndexedCollection::count)
                .sum();
    }

    /** Sends every change to the journal once it is open; replayed changes go nowhere. */
    private static final class JournalChanges implements Changes {
        volatile Journal journal;

        @Override
        public void stored(String database, String collection, Document document) {
            Journal open = journal;
            if (open != null) {
                open.put(database, collection, document);
            }
        }

        @Override
        public void removed(String database, String collection, Object id) {
            Journal open = journal;
            if (open != null) {
                open.remove(database, collection, id);
            }
        }

        void command(String database, String command, Document query) {
            Journal open = journal;
            if (open != null) {
                open.command(database, command, query);
            }
        }

        void flush() {
            Journal open = journal;
            if (open != null) {
                open.flush();
            }
        }
    }
}
