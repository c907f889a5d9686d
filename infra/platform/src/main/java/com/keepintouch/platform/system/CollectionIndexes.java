package com.keepintouch.platform.system;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes a collection's queries need, declared once at start-up by the class that owns the
 * collection: created if missing (an existing one is left as it is), and the ones they replace
 * dropped, so an upgrade never keeps an index that only costs writes. A TTL index is declared with
 * {@link #declareExpiry}, which also keeps its expiry in step with the setting.
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

    /**
     * Declares that MongoDB deletes a document of {@code collection} once its {@code dateField} (a
     * date, or an array whose earliest date counts) lies {@code after} in the past: a TTL index
     * named {@code <dateField>_1}; a document without a date there is kept. Created if missing; an
     * existing one with another expiry (the setting changed) is changed in place with
     * {@code collMod}, not rebuilt, and that is logged. MongoDB deletes in the background, about
     * once a minute, so readers still check the age of what they read.
     */
    public static void declareExpiry(MongoDatabase database, String collection, String dateField, Duration after) {
        if (after.isNegative() || after.getNano() != 0 || after.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a TTL index expires after whole seconds, 0 to " + Integer.MAX_VALUE + ": " + after);
        }
        int seconds = (int) after.toSeconds();
        String name = dateField + "_1";
        MongoCollection<Document> target = database.getCollection(collection);
        Document existing = null;
        for (Document index : target.listIndexes()) {
            if (name.equals(index.getString("name"))) {
                existing = index;
            }
        }
        if (existing == null) {
            declare(
                    target,
                    List.of(new IndexModel(
                            Indexes.ascending(dateField),
                            new IndexOptions().name(name).expireAfter((long) seconds, TimeUnit.SECONDS))));
            return;
        }
        Object current = existing.get("expireAfterSeconds");
        if (current instanceof Number n && n.longValue() == seconds) {
            return;
        }
        database.runCommand(new Document("collMod", collection)
                .append("index", new Document("name", name).append("expireAfterSeconds", seconds)));
        log.info(
                "Index expiry changed collection={} index={} fromSeconds={} toSeconds={}",
                collection,
                name,
                current == null ? "none" : current,
                seconds);
    }
}
