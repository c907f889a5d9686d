package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mongo-java-server's backend API over {@link IndexedDatabase}s: documents on the heap, queries
 * planned over ordered secondary indexes, {@code explain} answered with the plan chosen and what
 * it read (as MongoDB's {@code executionStats} do), so tests can assert that a query uses an index.
 */
class IndexedBackend extends AbstractMongoBackend {

    private final Changes changes;
    private final Map<String, IndexedDatabase> databases = new ConcurrentHashMap<>();

    IndexedBackend() {
        this(Changes.NONE);
    }

    IndexedBackend(Changes changes) {
        this.changes = changes;
    }

    @Override
    protected IndexedDatabase openOrCreateDatabase(String databaseName) {
        IndexedDatabase database = new IndexedDatabase(databaseName, getCursorRegistry(), changes);
        databases.put(databaseName, database);
        return database;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (command.equalsIgnoreCase("explain")) {
            return explain(databaseName, query);
        }
        return super.handleCommand(channel, databaseName, command, query);
    }

    /** {@code explain} of a find, count or aggregate (its leading {@code $match}); others are refused. */
    private Document explain(String databaseName, Document query) {
        if (!(query.get("explain") instanceof Document explained) || explained.isEmpty()) {
            throw new MongoServerError(2, "explain takes a command document");
        }
        String command = explained.keySet().iterator().next();
        Object collectionName = explained.get(command);
        Document filter;
        Document sort = null;
        int skip = 0;
        int limit = 0;
        switch (command.toLowerCase(Locale.ROOT)) {
            case "find" -> {
                filter = document(explained.get("filter"));
                sort = explained.get("sort") instanceof Document s ? s : null;
                skip = number(explained.get("skip"));
                limit = Math.abs(number(explained.get("limit")));
            }
            case "count" -> {
                filter = document(explained.get("query"));
                skip = number(explained.get("skip"));
                limit = number(explained.get("limit"));
            }
            case "aggregate" -> filter = leadingMatch(explained.get("pipeline"));
            default -> throw new MongoServerError(2, "explain of " + command + " is not supported here");
        }
        MongoDatabase database = resolveDatabase(databaseName);
        MongoCollection<?> collection =
                database == null ? null : database.resolveCollection(String.valueOf(collectionName), false);
        Document response = collection instanceof IndexedCollection indexed
                ? indexed.explain(filter, sort, skip, limit)
                : new Document("queryPlanner", new Document("winningPlan", new Document("stage", "EOF")))
                        .append("executionStats", new Document("nReturned", 0).append("totalDocsExamined", 0));
        Utils.markOkay(response);
        return response;
    }

    private static Document leadingMatch(Object pipeline) {
        if (pipeline instanceof List<?> stages
                && !stages.isEmpty()
                && stages.get(0) instanceof Document first
                && first.get("$match") instanceof Document match) {
            return match;
        }
        return new Document();
    }

    private static Document document(Object value) {
        return value instanceof Document d ? d : new Document();
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    /** Every database opened so far. */
    Collection<IndexedDatabase> databases() {
        return databases.values();
    }
}
