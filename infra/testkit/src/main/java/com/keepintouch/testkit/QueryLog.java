package com.keepintouch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Every filter a service sent to MongoDB in this test JVM (finds, counts, updates, deletes,
 * find-and-modifies, an aggregation's leading {@code $match}), recorded by a driver command listener
 * that {@link InfrastructureInitializer} installs, so that a test can replay each through
 * {@code explain} and show that none reads its whole collection. Works on the embedded MongoDB and
 * on MongoDB 8 (Testcontainers) alike: both answer {@code explain} with the stages of the plan.
 */
public final class QueryLog implements CommandListener {

    /** One distinct query shape: the same filter and sort with other values counts once. */
    public record Query(String database, String collection, String command, BsonDocument filter, BsonDocument sort) {
        String describe() {
            return command + " " + database + "." + collection + " " + filter.toJson()
                    + (sort == null ? "" : " sort " + sort.toJson());
        }
    }

    private static final QueryLog INSTANCE = new QueryLog();
    private static final int MAX_SHAPES = 5_000;

    private final Map<String, Query> shapes = new LinkedHashMap<>();

    private QueryLog() {}

    static QueryLog listener() {
        return INSTANCE;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        String database = event.getDatabaseName();
        switch (event.getCommandName()) {
            case "find" ->
                record(
                        database,
                        command.getString("find").getValue(),
                        "find",
                        document(command.get("filter")),
                        document(command.get("sort")));
            case "count" ->
                record(database, command.getString("count").getValue(), "count", document(command.get("query")), null);
            case "findAndModify" ->
                record(
                        database,
                        command.getString("findAndModify").getValue(),
                        "findAndModify",
                        document(command.get("query")),
                        document(command.get("sort")));
            case "update" ->
                statements(command, "updates")
                        .forEach(u -> record(
                                database,
                                command.getString("update").getValue(),
                                "update",
                                document(u.get("q")),
                                null));
            case "delete" ->
                statements(command, "deletes")
                        .forEach(d -> record(
                                database,
                                command.getString("delete").getValue(),
                                "delete",
                                document(d.get("q")),
                                null));
            case "aggregate" -> {
                BsonArray pipeline = command.getArray("pipeline", new BsonArray());
                if (!pipeline.isEmpty() && pipeline.get(0).asDocument().containsKey("$match")) {
                    record(
                            database,
                            command.getString("aggregate").getValue(),
                            "aggregate",
                            pipeline.get(0).asDocument().getDocument("$match"),
                            null);
                }
            }
            default -> {
                // commands without a filter
            }
        }
    }

    private static List<BsonDocument> statements(BsonDocument command, String key) {
        List<BsonDocument> statements = new ArrayList<>();
        if (command.get(key) instanceof BsonArray array) {
            array.forEach(value -> statements.add(value.asDocument()));
        }
        return statements;
    }

    private static BsonDocument document(BsonValue value) {
        return value != null && value.isDocument() ? value.asDocument() : null;
    }

    private synchronized void record(
            String database, String collection, String command, BsonDocument filter, BsonDocument sort) {
        if (filter == null || shapes.size() >= MAX_SHAPES) {
            return;
        }
        String shape = database.replaceAll("-[0-9a-f]{8}$", "") + "." + collection + " " + command + " "
                + shapeOf(filter) + " " + (sort == null ? "" : sort.toJson());
        shapes.putIfAbsent(
                shape, new Query(database, collection, command, copy(filter), sort == null ? null : copy(sort)));
    }

    /** A copy that outlives the command: the driver's documents are views of a buffer it reuses. */
    private static BsonDocument copy(BsonDocument document) {
        return new RawBsonDocument(document, new BsonDocumentCodec()).decode(new BsonDocumentCodec());
    }

    /** The field names and operators of a filter, without its values. */
    private static String shapeOf(BsonValue value) {
        if (value.isDocument()) {
            StringBuilder shape = new StringBuilder("{");
            value.asDocument()
                    .forEach((key, nested) -> shape.append(key)
                            .append(':')
                            .append(shapeOf(nested))
                            .append(','));
            return shape.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder shape = new StringBuilder("[");
            value.asArray().forEach(nested -> shape.append(shapeOf(nested)).append(','));
            return shape.append(']').toString();
        }
        return "?";
    }

    /** The query shapes recorded so far. */
    public static synchronized List<Query> recorded() {
        return new ArrayList<>(INSTANCE.shapes.values());
    }

    /**
     * Replays every recorded query of the collections named through {@code explain} and fails,
     * listing them, if any would scan its collection. A filter that names no field is a deliberate
     * read of the whole collection (a cache loading all endpoints, say) and is left out.
     */
    public static void assertServedByIndexes(List<String> collections) {
        List<String> scans = new ArrayList<>();
        int checked = 0;
        try (MongoClient client = MongoClients.create(Infrastructure.get().mongoUri())) {
            for (Query query : recorded()) {
                if (!collections.contains(query.collection()) || query.filter().isEmpty()) {
                    continue;
                }
                BsonDocument find = new BsonDocument("find", new org.bson.BsonString(query.collection()))
                        .append("filter", query.filter());
                if (query.sort() != null) {
                    find.append("sort", query.sort());
                }
                Document explain = client.getDatabase(query.database())
                        .runCommand(new Document("explain", find).append("verbosity", "queryPlanner"));
                checked++;
                if (explain.toJson().contains("\"COLLSCAN\"")) {
                    scans.add(query.describe());
                }
            }
        }
        assertThat(checked).as("queries recorded for %s", collections).isPositive();
        assertThat(scans).as("queries that scan their whole collection").isEmpty();
    }

    @Override
    public String toString() {
        return "QueryLog";
    }
}
