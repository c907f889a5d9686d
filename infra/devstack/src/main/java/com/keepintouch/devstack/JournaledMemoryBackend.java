package com.keepintouch.devstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * {@code mongo-java-server}'s in-memory backend made durable by a {@link Journal}: documents live
 * on the heap (no serialization per operation, hash indexes), every change is appended to the
 * journal before the command that made it is answered, and a start replays the journal and
 * rewrites it compactly (one record per live document and index).
 *
 * <p>It replaced the H2 file backend in the local stack: H2 serializes every document and index key
 * with Java serialization and re-reads evicted pages, which made the wire server the bottleneck of
 * the whole stack (an import of 10,000 contacts took 23 s, 2.3 s with this backend).
 */
final class JournaledMemoryBackend extends MemoryBackend {

    /** Commands that change the structure rather than documents; replayed as they were received. */
    private static final Set<String> STRUCTURAL =
            Set.of("create", "createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection", "collmod");

    /** Replayed commands come from no client; the server keys its per-client state by channel. */
    private static final Channel REPLAY_CHANNEL = new EmbeddedChannel();

    private final Map<String, JournaledDatabase> databases = new ConcurrentHashMap<>();
    private final ScheduledExecutorService forcing = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "journal-force");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Journal journal; // null while the journal is replayed

    /** Commands run under the read lock; a compaction takes the write lock, so it sees no write half done. */
    private final ReentrantReadWriteLock compaction = new ReentrantReadWriteLock();

    private final AtomicBoolean compacting = new AtomicBoolean();
    private final Path file;
    private final long compactAtLeast = Long.getLong("devstack.mongo.compact-above-mb", 512) * 1024 * 1024;
    private volatile long compactAbove;

    private JournaledMemoryBackend(Path file) {
        this.file = file;
    }

    /**
     * Opens the journal in {@code file}: replays it into memory, rewrites it compactly and keeps
     * appending to it.
     */
    static JournaledMemoryBackend open(Path file) throws IOException {
        long started = System.nanoTime();
        JournaledMemoryBackend backend = new JournaledMemoryBackend(file);
        long records = Journal.replay(file, backend::apply);
        Journal.rewrite(file, backend::snapshot);
        backend.journal = Journal.append(file);
        backend.compactAbove = backend.compactionThreshold(backend.journal.size());
        backend.forcing.scheduleWithFixedDelay(backend::force, 1, 1, TimeUnit.SECONDS);
        System.out.printf(
                Locale.ROOT,
                "mongo wire server: journal %s replayed (%d records, %d documents) and compacted to %.1f MB in %.1f s%n",
                file,
                records,
                backend.documentCount(),
                backend.journal.size() / 1e6,
                (System.nanoTime() - started) / 1e9);
        return backend;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        JournaledDatabase database = new JournaledDatabase(databaseName, getCursorRegistry(), this);
        databases.put(databaseName, database);
        return database;
    }

    /** Every client command, including those of OP_MSG ({@code handleMessage} calls this). */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        compaction.readLock().lock();
        try {
            Document response = super.handleCommand(channel, databaseName, command, query);
            if (STRUCTURAL.contains(command.toLowerCase(Locale.ROOT))) {
                record(j -> j.command(databaseName, command, query));
            }
            flush();
            return response;
        } finally {
            compaction.readLock().unlock();
            compactIfLarge();
        }
    }

    /**
     * Every update appends the whole document, so the journal grows faster than the data; when it
     * is several times what a compact rewrite needs, it is rewritten in the background (writes wait
     * for the rewrite, about a second per 100 MB of live data).
     */
    private void compactIfLarge() {
        Journal open = journal;
        if (open == null || open.size() < compactAbove || !compacting.compareAndSet(false, true)) {
            return;
        }
        forcing.execute(() -> {
            long started = System.nanoTime();
            compaction.writeLock().lock();
            try {
                Journal old = journal;
                long before = old.size();
                old.flush();
                Journal.rewrite(file, this::snapshot);
                journal = Journal.append(file);
                old.closeQuietly();
                compactAbove = compactionThreshold(journal.size());
                System.out.printf(
                        Locale.ROOT,
                        "mongo wire server: journal compacted from %.1f MB to %.1f MB in %.1f s%n",
                        before / 1e6,
                        journal.size() / 1e6,
                        (System.nanoTime() - started) / 1e9);
            } catch (IOException | RuntimeException e) {
                System.out.println("mongo wire server: journal not compacted, it keeps growing: " + e);
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
        forcing.shutdownNow();
        Journal open = journal;
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
            Journal open = journal;
            if (open != null) {
                open.force();
            }
        } finally {
            compaction.readLock().unlock();
        }
    }

    private void flush() {
        Journal open = journal;
        if (open != null) {
            open.flush();
        }
    }

    void record(Consumer<Journal> write) {
        Journal open = journal;
        if (open != null) {
            write.accept(open);
        }
    }

    // ---------------------------------------------------------------- replay and snapshot

    private void apply(Journal.Entry entry) {
        switch (entry.type()) {
            case PUT -> collection(entry).ifPresent(c -> c.restore(entry.document()));
            case REMOVE ->
                collection(entry).ifPresent(c -> c.forget(entry.document().get("_id")));
            case COMMAND -> {
                try {
                    super.handleCommand(REPLAY_CHANNEL, entry.database(), entry.name(), entry.document());
                } catch (RuntimeException e) {
                    // e.g. an index that exists already: the state it asked for is there
                }
            }
        }
    }

    private Optional<JournaledCollection> collection(Journal.Entry entry) {
        MongoDatabase database = resolveDatabase(entry.database());
        MongoCollection<?> collection = database instanceof JournaledDatabase journaled
                ? journaled.resolveOrCreateCollection(entry.name())
                : null;
        return collection instanceof JournaledCollection journaled ? Optional.of(journaled) : Optional.empty();
    }

    /** Writes one record per live collection, index and document. */
    private void snapshot(Journal out) {
        for (JournaledDatabase database : databases.values()) {
            for (JournaledCollection collection : database.live()) {
                out.command(
                        database.getDatabaseName(), "create", new Document("create", collection.getCollectionName()));
                List<Document> indexes = database.indexesOf(collection.getCollectionName());
                if (!indexes.isEmpty()) {
                    out.command(
                            database.getDatabaseName(),
                            "createIndexes",
                            new Document("createIndexes", collection.getCollectionName()).append("indexes", indexes));
                }
                collection
                        .documents()
                        .forEach(d -> out.put(database.getDatabaseName(), collection.getCollectionName(), d));
            }
            out.flush();
        }
    }

    private long documentCount() {
        return databases.values().stream()
                .flatMap(d -> d.live().stream())
                .mapToLong(MemoryCollection::count)
                .sum();
    }

    // ---------------------------------------------------------------- database and collection

    static final class JournaledDatabase extends MemoryDatabase {

        private final CursorRegistry cursors;
        private final Map<String, JournaledCollection> collections = new ConcurrentHashMap<>();
        private final JournaledMemoryBackend owner;

        JournaledDatabase(String name, CursorRegistry cursors, JournaledMemoryBackend owner) {
            super(name, cursors);
            this.cursors = cursors;
            this.owner = owner;
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            JournaledCollection collection = new JournaledCollection(this, name, options, cursors);
            if (!name.startsWith("system.")) {
                collections.put(name, collection);
            }
            return collection;
        }

        @Override
        protected synchronized MongoCollection<Integer> resolveOrCreateCollection(String name) {
            return super.resolveOrCreateCollection(name);
        }

        @Override
        public void unregisterCollection(String name) {
            super.unregisterCollection(name);
            collections.remove(name);
        }

        List<JournaledCollection> live() {
            List<JournaledCollection> live = new ArrayList<>();
            collections.forEach((name, collection) -> {
                if (resolveCollection(name, false) == collection) {
                    live.add(collection);
                }
            });
            return live;
        }

        /** The secondary index descriptions of one collection, as createIndexes takes them. */
        List<Document> indexesOf(String collection) {
            MongoCollection<?> indexes = resolveCollection("system.indexes", false);
            List<Document> found = new ArrayList<>();
            if (indexes instanceof JournaledCollection journaled) {
                String namespace = getDatabaseName() + "." + collection;
                journaled.documents().forEach(index -> {
                    if (namespace.equals(index.get("ns")) && !"_id_".equals(index.get("name"))) {
                        Document spec = new Document();
                        index.forEach((key, value) -> {
                            if (!key.equals("ns") && !key.equals("v")) {
                                spec.put(key, value);
                            }
                        });
                        found.add(spec);
                    }
                });
            }
            return found;
        }
    }

    static final class JournaledCollection extends MemoryCollection {

        private final JournaledDatabase database;
        private final boolean journaled;

        JournaledCollection(
                JournaledDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
            this.database = database;
            this.journaled = !name.startsWith("system."); // indexes and namespaces come back from their commands
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            if (journaled) {
                database.owner.record(j -> j.put(database.getDatabaseName(), getCollectionName(), document));
            }
            return position;
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            if (journaled) {
                database.owner.record(j -> j.put(database.getDatabaseName(), getCollectionName(), newDocument));
            }
        }

        @Override
        protected void removeDocument(Integer position) {
            Object id = journaled ? getDocument(position).get("_id") : null;
            super.removeDocument(position);
            if (journaled) {
                database.owner.record(j -> j.remove(database.getDatabaseName(), getCollectionName(), id));
            }
        }

        /** Replay: the document's latest state, in place of the one with its _id, if any. */
        void restore(Document document) {
            forget(document.get("_id"));
            insertDocuments(List.of(document), true);
        }

        /** Replay: removes the document with this _id, if any (an _id index lookup). */
        void forget(Object id) {
            deleteDocuments(new Document("_id", id), 1, NoopOplog.get());
        }

        List<Document> documents() {
            return streamAllDocumentsWithPosition()
                    .map(DocumentWithPosition::getDocument)
                    .toList();
        }
    }
}
