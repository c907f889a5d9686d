package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
