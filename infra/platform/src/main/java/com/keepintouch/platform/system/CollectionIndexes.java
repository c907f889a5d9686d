package com.keepintouch.platform.system;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes a collection's queries need, declared once at start-up by the class that owns the
 * collection: created if missing (an existing one is left as it is), and the ones they replace
 * dropped, so an upgrade never keeps an index that only costs writes.
 */
public final class CollectionIndexes {

    private static final Logger log = LoggerFactory.getLogger(CollectionIndexes.class);

    private CollectionIndexes() {}

    /** Creates {@code indexes} (each with a name) and drops the indexes named {@code superseded}, if present. */
    public static void declare(MongoCollection<Document> collection, List<IndexModel> indexes, String... superseded) {
        Set<String> existing = new HashSet<>();
        for (Document index : collection.listIndexes()) {
            existing.add(index.getString("name"));
        }
        for (String name : superseded) {
            if (existing.contains(name)) {
                collection.dropIndex(name);
                log.info(
                        "Index dropped collection={} index={} reason=superseded",
                        collection.getNamespace().getCollectionName(),
                        name);
            }
        }
        List<IndexModel> missing = new ArrayList<>();
        for (IndexModel index : indexes) {
            if (index.getOptions().getName() == null) {
                throw new IllegalArgumentException("an index declared at start-up needs a name: " + index.getKeys());
            }
            if (!existing.contains(index.getOptions().getName())) {
                missing.add(index);
            }
        }
        if (!missing.isEmpty()) {
            collection.createIndexes(missing);
            log.info(
                    "Indexes created collection={} indexes={}",
                    collection.getNamespace().getCollectionName(),
                    missing.stream().map(i -> i.getOptions().getName()).toList());
        }
    }
}
