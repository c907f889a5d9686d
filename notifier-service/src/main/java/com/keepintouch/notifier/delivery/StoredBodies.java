package com.keepintouch.notifier.delivery;

import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The retention sweep's reads and writes of a collection whose documents keep a body with a sparse,
 * indexed date ({@code bodyAt}) for as long as they hold it: deliveries (email bodies) and messages
 * (webhook payloads), each with its own update that removes a body.
 */
final class StoredBodies {

    private StoredBodies() {}

    /** The ids of up to {@code limit} documents whose body dates from before {@code cutoff}, oldest first. */
    static List<String> before(MongoCollection<Document> collection, String bodyAt, Instant cutoff, int limit) {
        List<String> ids = new ArrayList<>();
        for (Document document : collection
                .find(Filters.lt(bodyAt, StoredValues.date(cutoff)))
                .projection(Projections.include("_id"))
                .sort(Sorts.ascending(bodyAt, "_id"))
                .limit(limit)) {
            ids.add(document.getString("_id"));
        }
        return ids;
    }

    /** Applies {@code removal} to those of {@code ids} whose body still dates from before {@code cutoff}; how many. */
    static long remove(
            MongoCollection<Document> collection, String bodyAt, List<String> ids, Instant cutoff, Bson removal) {
        if (ids.isEmpty()) {
            return 0;
        }
        return collection
                .updateMany(Filters.and(Filters.in("_id", ids), Filters.lt(bodyAt, StoredValues.date(cutoff))), removal)
                .getModifiedCount();
    }
}
