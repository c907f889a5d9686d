package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.IndexNotFoundException;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A database of {@link IndexedCollection}s, every index ordered ({@code _id}'s too, as MongoDB's is). */
final class IndexedDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

    private final Changes changes;
    private final Map<String, IndexedCollection> opened = new ConcurrentHashMap<>();

    IndexedDatabase(String name, CursorRegistry cursors, Changes changes) {
        super(name, cursors);
        this.changes = changes;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected IndexedCollection openOrCreateCollection(String name, CollectionOptions options) {
        IndexedCollection collection = new IndexedCollection(this, name, options, cursorRegistry, changes);
        if (!name.startsWith("system.")) {
            opened.put(name, collection);
        }
        return collection;
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new OrderedIndex(indexName, keys, sparse, true);
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new OrderedIndex(indexName, keys, sparse, false);
    }

    /** The options of a command that are not collMod's own (sessions, write concern, the database). */
    private static final Set<String> COMMAND_FIELDS = Set.of("collMod", "index", "lsid", "writeConcern", "comment");

    private static final long MAX_EXPIRE_AFTER_SECONDS = Integer.MAX_VALUE;

    @Override
    public Document handleCommand(
            Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        if (command.equalsIgnoreCase("collMod")) {
            return collMod(query);
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    /**
     * {@code collMod} of an index's {@code expireAfterSeconds} (the index named by {@code name} or
     * {@code keyPattern}), as MongoDB changes a TTL index, or makes a single-field index one, without
     * rebuilding it; answered with the old and new values as MongoDB does. collMod's other options
     * (validators, views, ...) are refused: nothing here uses them.
     */
    private Document collMod(Document query) {
        String collectionName = String.valueOf(query.get("collMod"));
        String namespace = getDatabaseName() + "." + collectionName;
        for (String field : query.keySet()) {
            if (!field.startsWith("$") && !COMMAND_FIELDS.contains(field)) {
                throw new MongoServerError(72, "InvalidOptions", "collMod option " + field + " is not supported here");
            }
        }
        if (!(query.get("index") instanceof Document index)
                || !(index.get("expireAfterSeconds") instanceof Number seconds)) {
            throw new MongoServerError(
                    72, "InvalidOptions", "collMod here changes an index's expireAfterSeconds and nothing else");
        }
        if (seconds.doubleValue() < 0 || seconds.doubleValue() > MAX_EXPIRE_AFTER_SECONDS) {
            throw new MongoServerError(
                    2,
                    "BadValue",
                    "expireAfterSeconds must be within 0 and " + MAX_EXPIRE_AFTER_SECONDS + " inclusive");
        }
        if (resolveCollection(collectionName, false) == null) {
            throw new MongoServerError(26, "NamespaceNotFound", "ns does not exist: " + namespace);
        }
        synchronized (indexes) {
            MongoCollection<Integer> stored = indexes.get();
            Document description = stored == null ? null : described(stored, namespace, index);
            if (description == null) {
                throw new IndexNotFoundException("cannot find index " + index + " for ns " + namespace);
            }
            Document changed = description.clone();
            changed.put("expireAfterSeconds", seconds);
            stored.deleteDocuments(new Document("ns", namespace).append("name", description.get("name")), 1);
            stored.addDocument(changed);
            Document response = new Document();
            if (description.get("expireAfterSeconds") != null) {
                response.put("expireAfterSeconds_old", description.get("expireAfterSeconds"));
            }
            response.put("expireAfterSeconds_new", seconds);
            Utils.markOkay(response);
            return response;
        }
    }

    /** The description of the index {@code wanted} names by {@code name} or {@code keyPattern}. */
    private static Document described(MongoCollection<Integer> stored, String namespace, Document wanted) {
        for (Document description : stored.queryAll()) {
            if (!namespace.equals(description.get("ns"))) {
                continue;
            }
            if (wanted.get("name") != null
                    ? wanted.get("name").equals(description.get("name"))
                    : wanted.get("keyPattern") instanceof Document pattern
                            && description.get("key") instanceof Document key
                            && sameKey(pattern, key)) {
                return description;
            }
        }
        return null;
    }

    /** The same fields in the same order, each in the same direction (1 and 1.0 alike). */
    private static boolean sameKey(Document a, Document b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<String, Object>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, Object>> right = b.entrySet().iterator();
        while (left.hasNext()) {
            Map.Entry<String, Object> l = left.next();
            Map.Entry<String, Object> r = right.next();
            if (!l.getKey().equals(r.getKey()) || !direction(l.getValue()).equals(direction(r.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** 1 or -1 for an ascending or descending key, whatever number type; a special index's kind as it is. */
    private static Object direction(Object value) {
        return value instanceof Number n ? (Object) Math.signum(n.doubleValue()) : value;
    }

    @Override
    protected long getStorageSize() {
        return 0;
    }

    @Override
    protected long getFileSize() {
        return 0;
    }

    @Override
    public void unregisterCollection(String name) {
        super.unregisterCollection(name);
        opened.remove(name);
    }

    /** The collections that exist now (not the ones dropped or renamed away). */
    List<IndexedCollection> live() {
        List<IndexedCollection> live = new ArrayList<>();
        opened.forEach((name, collection) -> {
            if (resolveCollection(name, false) == collection) {
                live.add(collection);
            }
        });
        return live;
    }

    IndexedCollection collection(String name) {
        MongoCollection<Integer> collection = resolveOrCreateCollection(name);
        return (IndexedCollection) collection;
    }

    /** The secondary index descriptions of one collection, as {@code createIndexes} takes them. */
    List<Document> indexesOf(String collection) {
        MongoCollection<Integer> indexes = resolveCollection("system.indexes", false);
        List<Document> found = new ArrayList<>();
        if (indexes instanceof IndexedCollection stored) {
            String namespace = getDatabaseName() + "." + collection;
            for (Document index : stored.documents()) {
                if (namespace.equals(index.get("ns")) && !"_id_".equals(index.get("name"))) {
                    Document spec = new Document();
                    index.forEach((key, value) -> {
                        if (!key.equals("ns") && !key.equals("v")) {
                            spec.put(key, value);
                        }
                    });
                    found.add(spec);
                }
            }
        }
        return found;
    }
}
