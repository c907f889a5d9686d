package com.keepintouch.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The indexed server returns what a full scan returns: random documents, random queries (equality,
 * {@code $in}, ranges, sorts, skips, limits, keyset cursors) and random updates that move documents
 * between index keys and deletes, run against one server with the indexes and one without.
 */
class IndexConformanceTest {

    private static EmbeddedMongo indexedServer;
    private static EmbeddedMongo plainServer;
    private static MongoClient indexedClient;
    private static MongoClient plainClient;

    @BeforeContainer
    static void start() {
        indexedServer = EmbeddedMongo.inMemory();
        plainServer = EmbeddedMongo.inMemory();
        indexedClient = MongoClients.create(indexedServer.connectionString());
        plainClient = MongoClients.create(plainServer.connectionString());
    }

    @AfterContainer
    static void stop() {
        indexedClient.close();
        plainClient.close();
        indexedServer.close();
        plainServer.close();
    }

    record Query(Bson filter, Bson sort, int skip, int limit, String text) {}

    record Change(int target, Bson update, boolean delete) {}

    record Scenario(List<Document> documents, List<Query> queries, List<Change> changes) {}

    @Property(tries = 150)
    void anIndexedQueryReturnsWhatAFullScanReturns(@ForAll("scenarios") Scenario scenario) {
        MongoCollection<Document> indexed = fresh(indexedClient, true);
        MongoCollection<Document> plain = fresh(plainClient, false);
        indexed.insertMany(copies(scenario.documents()));
        plain.insertMany(copies(scenario.documents()));

        compare(indexed, plain, scenario.queries());
        for (Query query : scenario.queries()) {
            Statistics.collect(plannedStage(indexed, query));
        }
        for (Change change : scenario.changes()) {
            Object id = scenario.documents()
                    .get(change.target() % scenario.documents().size())
                    .get("_id");
            if (change.delete()) {
                assertThat(indexed.deleteOne(Filters.eq("_id", id)).getDeletedCount())
                        .isEqualTo(plain.deleteOne(Filters.eq("_id", id)).getDeletedCount());
            } else {
                assertThat(indexed.updateOne(Filters.eq("_id", id), change.update())
                                .getModifiedCount())
                        .isEqualTo(plain.updateOne(Filters.eq("_id", id), change.update())
                                .getModifiedCount());
            }
        }
        compare(indexed, plain, scenario.queries());
        // updateMany and deleteMany select their documents through the planner too
        Bson selector = Filters.and(Filters.eq("ownerId", "o1"), Filters.gte("n", 0));
        assertThat(indexed.updateMany(selector, Updates.inc("n", 5)).getModifiedCount())
                .isEqualTo(plain.updateMany(selector, Updates.inc("n", 5)).getModifiedCount());
        Bson doomed = Filters.in("contactId", "c1", "c2");
        assertThat(indexed.deleteMany(doomed).getDeletedCount())
                .isEqualTo(plain.deleteMany(doomed).getDeletedCount());
        compare(indexed, plain, scenario.queries());
        Statistics.coverage(checker -> {
            checker.check("IXSCAN").percentage(p -> p > 20);
            checker.check("IDHACK").percentage(p -> p > 1);
            checker.check("COLLSCAN").percentage(p -> p > 1);
        });
    }

    /** The innermost stage of the indexed server's plan: IXSCAN, IDHACK or COLLSCAN. */
    private static String plannedStage(MongoCollection<Document> collection, Query query) {
        Document stage = collection
                .find(query.filter())
                .sort(query.sort())
                .explain()
                .get("queryPlanner", Document.class)
                .get("winningPlan", Document.class);
        while (stage.containsKey("inputStage")) {
            stage = stage.get("inputStage", Document.class);
        }
        return stage.getString("stage");
    }

    private static void compare(
            MongoCollection<Document> indexed, MongoCollection<Document> plain, List<Query> queries) {
        for (Query query : queries) {
            assertThat(run(indexed, query)).as(query.text()).isEqualTo(run(plain, query));
            assertThat(indexed.countDocuments(query.filter()))
                    .as("count " + query.text())
                    .isEqualTo(plain.countDocuments(query.filter()));
        }
    }

    private static List<Document> run(MongoCollection<Document> collection, Query query) {
        FindIterable<Document> find = collection.find(query.filter()).sort(query.sort());
        if (query.skip() > 0) {
            find = find.skip(query.skip());
        }
        if (query.limit() > 0) {
            find = find.limit(query.limit());
        }
        return find.into(new ArrayList<>());
    }

    private static MongoCollection<Document> fresh(MongoClient client, boolean withIndexes) {
        MongoCollection<Document> collection = client.getDatabase("conformance").getCollection("things");
        collection.drop();
        if (withIndexes) {
            collection.createIndex(Indexes.compoundIndex(
                    Indexes.ascending("ownerId", "contactId"), Indexes.descending("occurredAt", "_id")));
            collection.createIndex(Indexes.ascending("ownerId", "n"));
            collection.createIndex(Indexes.ascending("tags"));
            collection.createIndex(Indexes.ascending("ownerId", "tags", "_id"));
            collection.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("n")));
            collection.createIndex(
                    Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
        }
        return collection;
    }

    private static List<Document> copies(List<Document> documents) {
        List<Document> copies = new ArrayList<>();
        documents.forEach(d -> copies.add(Document.parse(d.toJson())));
        return copies;
    }

    // ------------------------------------------------------------------ generators

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Document>> documents = document()
                .list()
                .ofMinSize(1)
                .ofMaxSize(120)
                .map(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        list.get(i).put("_id", "d" + i);
                        if (list.get(i).containsKey("code")) {
                            list.get(i).put("code", "k" + i); // unique where present
                        }
                    }
                    return list;
                });
        return Combinators.combine(
                        documents,
                        query().list().ofMinSize(1).ofMaxSize(12),
                        change().list().ofMaxSize(15))
                .as(Scenario::new);
    }

    private static Arbitrary<Document> document() {
        Arbitrary<String> owner = Arbitraries.of("o1", "o2", "o3");
        Arbitrary<String> contact = Arbitraries.of("c1", "c2", "c3", "c4", null);
        Arbitrary<Integer> minute = Arbitraries.integers().between(-1, 40); // -1: no field
        Arbitrary<Object> number = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 20).map(i -> (Object) i),
                Arbitraries.doubles().between(-5, 20).ofScale(1).map(d -> (Object) d),
                Arbitraries.just((Object) "text"),
                Arbitraries.just(null));
        Arbitrary<List<String>> tags = Arbitraries.of("a", "b", "c").list().ofMaxSize(3);
        Arbitrary<String> status = Arbitraries.of("ACTIVE", "DUE", "OVERDUE");
        return Combinators.combine(owner, contact, minute, number, tags, status, Arbitraries.of(true, false))
                .as((o, c, m, n, t, s, coded) -> {
                    Document d = new Document("ownerId", o);
                    if (c != null) {
                        d.put("contactId", c);
                    }
                    if (m >= 0) {
                        d.put("occurredAt", Date.from(EPOCH.plusSeconds(60L * m)));
                    }
                    d.put("n", n);
                    if (!t.isEmpty() || coded) {
                        d.put("tags", t);
                    }
                    d.put("status", s);
                    if (coded) {
                        d.put("code", "pending");
                    }
                    return d;
                });
    }

    private static Arbitrary<Query> query() {
        Arbitrary<List<Bson>> clauses = clause().list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<Bson> sort = Arbitraries.of(
                Sorts.orderBy(Sorts.descending("occurredAt"), Sorts.descending("_id")),
                Sorts.orderBy(Sorts.ascending("occurredAt"), Sorts.ascending("_id")),
                Sorts.orderBy(Sorts.ascending("n"), Sorts.ascending("_id")),
                Sorts.orderBy(Sorts.descending("n"), Sorts.descending("_id")),
                Sorts.orderBy(Sorts.ascending("contactId"), Sorts.descending("occurredAt"), Sorts.descending("_id")),
                Sorts.ascending("_id"));
        return Combinators.combine(
                        clauses,
                        sort,
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 25))
                .as((c, s, skip, limit) -> {
                    Bson filter = c.isEmpty() ? new Document() : Filters.and(c);
                    return new Query(
                            filter,
                            s,
                            skip,
                            limit,
                            filter.toBsonDocument() + " sort " + s.toBsonDocument() + " skip " + skip + " limit "
                                    + limit);
                });
    }

    private static Arbitrary<Bson> clause() {
        Arbitrary<Date> time = Arbitraries.integers().between(0, 40).map(m -> Date.from(EPOCH.plusSeconds(60L * m)));
        Arbitrary<Integer> number = Arbitraries.integers().between(-5, 20);
        return Arbitraries.oneOf(
                Arbitraries.of("o1", "o2", "o3").map(o -> Filters.eq("ownerId", o)),
                Arbitraries.of("o1", "o2").map(o -> Filters.eq("ownerId", o)),
                Arbitraries.of("c1", "c2", "c3").map(c -> Filters.eq("contactId", c)),
                Arbitraries.just(Filters.eq("contactId", null)),
                Arbitraries.of("c1", "c2", "c3", "c4")
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(c -> Filters.in("contactId", c)),
                time.map(t -> Filters.lt("occurredAt", t)),
                time.map(t -> Filters.gte("occurredAt", t)),
                time.map(t -> Filters.lte("occurredAt", t)),
                time.map(t -> Filters.or(
                        Filters.lt("occurredAt", t),
                        Filters.and(Filters.eq("occurredAt", t), Filters.lt("_id", "d50")))),
                number.map(n -> Filters.gt("n", n)),
                number.map(n -> Filters.lte("n", n)),
                number.map(n -> Filters.eq("n", n)),
                Arbitraries.of("a", "b", "c").map(t -> Filters.eq("tags", t)),
                Arbitraries.of("a", "b").list().ofMinSize(1).ofMaxSize(2).map(t -> Filters.in("tags", t)),
                Arbitraries.of("ACTIVE", "DUE", "OVERDUE").map(s -> Filters.eq("status", s)),
                Arbitraries.of("ACTIVE", "DUE").map(s -> Filters.ne("status", s)),
                Arbitraries.of("k1", "k2", "k3", "pending").map(k -> Filters.eq("code", k)),
                Arbitraries.of("d1", "d2", "d7").map(id -> Filters.eq("_id", id)),
                Arbitraries.integers().between(0, 120).map(n -> Filters.gt("_id", "d" + n)),
                Arbitraries.integers().between(0, 120).map(n -> Filters.lte("_id", "d" + n)),
                Arbitraries.of("d1", "d2", "d7", "x")
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(ids -> Filters.in("_id", ids)),
                Arbitraries.just(Filters.exists("contactId", false)));
    }

    private static Arbitrary<Change> change() {
        Arbitrary<Bson> update = Arbitraries.oneOf(
                Arbitraries.of("c1", "c2", "c3", "c4").map(c -> Updates.set("contactId", c)),
                Arbitraries.integers()
                        .between(0, 40)
                        .map(m -> Updates.set("occurredAt", Date.from(EPOCH.plusSeconds(60L * m)))),
                Arbitraries.integers().between(-5, 20).map(n -> Updates.set("n", n)),
                Arbitraries.just(Updates.unset("occurredAt")),
                Arbitraries.of("a", "b", "c").map(t -> Updates.addToSet("tags", t)),
                Arbitraries.of("ACTIVE", "DUE", "OVERDUE").map(s -> Updates.set("status", s)),
                Arbitraries.of("o1", "o2", "o3").map(o -> Updates.set("ownerId", o)));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 200),
                        update,
                        Arbitraries.integers().between(0, 5))
                .as((target, u, d) -> new Change(target, u, d == 0));
    }
}
