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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The indexed server returns what a full scan returns: random documents, random queries (equality,
 * {@code $in}, ranges, sorts, skips, limits, keyset cursors) and random updates that move documents
 * between index keys and deletes, run against one server with the indexes and one without. Each
 * case is generated from its own seed, named in the test, so a failure is repeated by that seed.
 */
class IndexConformanceTest {

    private static final int CASES = 150;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static EmbeddedMongo indexedServer;
    private static EmbeddedMongo plainServer;
    private static MongoClient indexedClient;
    private static MongoClient plainClient;
    private static final Map<String, Integer> stages = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        indexedServer = EmbeddedMongo.inMemory();
        plainServer = EmbeddedMongo.inMemory();
        indexedClient = MongoClients.create(indexedServer.connectionString());
        plainClient = MongoClients.create(plainServer.connectionString());
    }

    @AfterAll
    static void stop() {
        indexedClient.close();
        plainClient.close();
        indexedServer.close();
        plainServer.close();
    }

    record Query(Bson filter, Bson sort, int skip, int limit) {
        @Override
        public String toString() {
            return filter.toBsonDocument() + " sort " + sort.toBsonDocument() + " skip " + skip + " limit " + limit;
        }
    }

    @TestFactory
    Stream<DynamicTest> anIndexedQueryReturnsWhatAFullScanReturns() {
        Stream<DynamicTest> cases = IntStream.rangeClosed(1, CASES)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> scenario(new Random(seed))));
        // the cases must exercise the index plans, not only collection scans
        DynamicTest coverage = DynamicTest.dynamicTest("the cases use the indexes", () -> {
            int total = stages.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(stages.getOrDefault("IXSCAN", 0))
                    .as("%s", new TreeMap<>(stages))
                    .isGreaterThan(total / 5);
            assertThat(stages.getOrDefault("IDHACK", 0))
                    .as("%s", new TreeMap<>(stages))
                    .isPositive();
            assertThat(stages.getOrDefault("COLLSCAN", 0))
                    .as("%s", new TreeMap<>(stages))
                    .isPositive();
        });
        return Stream.concat(cases, Stream.of(coverage));
    }

    private static void scenario(Random random) {
        List<Document> documents = documents(random);
        List<Query> queries = list(random, 1, 12, IndexConformanceTest::query);
        MongoCollection<Document> indexed = fresh(indexedClient, true);
        MongoCollection<Document> plain = fresh(plainClient, false);
        indexed.insertMany(copies(documents));
        plain.insertMany(copies(documents));

        compare(indexed, plain, queries);
        for (Query query : queries) {
            stages.merge(plannedStage(indexed, query), 1, Integer::sum);
        }
        int changes = random.nextInt(16);
        for (int i = 0; i < changes; i++) {
            Object id = documents.get(random.nextInt(documents.size())).get("_id");
            if (random.nextInt(6) == 0) {
                assertThat(indexed.deleteOne(Filters.eq("_id", id)).getDeletedCount())
                        .isEqualTo(plain.deleteOne(Filters.eq("_id", id)).getDeletedCount());
            } else {
                Bson update = update(random);
                assertThat(indexed.updateOne(Filters.eq("_id", id), update).getModifiedCount())
                        .isEqualTo(
                                plain.updateOne(Filters.eq("_id", id), update).getModifiedCount());
            }
        }
        compare(indexed, plain, queries);
        // updateMany and deleteMany select their documents through the planner too
        Bson selector = Filters.and(Filters.eq("ownerId", "o1"), Filters.gte("n", 0));
        assertThat(indexed.updateMany(selector, Updates.inc("n", 5)).getModifiedCount())
                .isEqualTo(plain.updateMany(selector, Updates.inc("n", 5)).getModifiedCount());
        Bson doomed = Filters.in("contactId", "c1", "c2");
        assertThat(indexed.deleteMany(doomed).getDeletedCount())
                .isEqualTo(plain.deleteMany(doomed).getDeletedCount());
        compare(indexed, plain, queries);
    }

    private static void compare(
            MongoCollection<Document> indexed, MongoCollection<Document> plain, List<Query> queries) {
        for (Query query : queries) {
            assertThat(run(indexed, query)).as(query.toString()).isEqualTo(run(plain, query));
            assertThat(indexed.countDocuments(query.filter()))
                    .as("count " + query)
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

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> List<T> list(Random random, int min, int max, Function<Random, T> element) {
        int size = min + random.nextInt(max - min + 1);
        List<T> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    private static Date minute(int m) {
        return Date.from(EPOCH.plusSeconds(60L * m));
    }

    private static List<Document> documents(Random random) {
        List<Document> documents = list(random, 1, 120, IndexConformanceTest::document);
        for (int i = 0; i < documents.size(); i++) {
            documents.get(i).put("_id", "d" + i);
            if (documents.get(i).containsKey("code")) {
                documents.get(i).put("code", "k" + i); // unique where present
            }
        }
        return documents;
    }

    private static Document document(Random random) {
        Document d = new Document("ownerId", pick(random, List.of("o1", "o2", "o3")));
        String contact = pick(random, java.util.Arrays.asList("c1", "c2", "c3", "c4", null));
        if (contact != null) {
            d.put("contactId", contact);
        }
        int m = random.nextInt(42) - 1; // -1: no field
        if (m >= 0) {
            d.put("occurredAt", minute(m));
        }
        d.put(
                "n",
                switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(26) - 5;
                    case 1 -> Math.round((random.nextDouble() * 25 - 5) * 10) / 10.0;
                    case 2 -> "text";
                    default -> null;
                });
        List<String> tags = list(random, 0, 3, r -> pick(r, List.of("a", "b", "c")));
        boolean coded = random.nextBoolean();
        if (!tags.isEmpty() || coded) {
            d.put("tags", tags);
        }
        d.put("status", pick(random, List.of("ACTIVE", "DUE", "OVERDUE")));
        if (coded) {
            d.put("code", "pending");
        }
        return d;
    }

    private static Query query(Random random) {
        List<Bson> clauses = list(random, 0, 4, IndexConformanceTest::clause);
        Bson filter = clauses.isEmpty() ? new Document() : Filters.and(clauses);
        Bson sort = pick(
                random,
                List.of(
                        Sorts.orderBy(Sorts.descending("occurredAt"), Sorts.descending("_id")),
                        Sorts.orderBy(Sorts.ascending("occurredAt"), Sorts.ascending("_id")),
                        Sorts.orderBy(Sorts.ascending("n"), Sorts.ascending("_id")),
                        Sorts.orderBy(Sorts.descending("n"), Sorts.descending("_id")),
                        Sorts.orderBy(
                                Sorts.ascending("contactId"), Sorts.descending("occurredAt"), Sorts.descending("_id")),
                        Sorts.ascending("_id")));
        return new Query(filter, sort, random.nextInt(4), random.nextInt(26));
    }

    private static Bson clause(Random random) {
        int n = random.nextInt(26) - 5;
        Date t = minute(random.nextInt(41));
        return switch (random.nextInt(21)) {
            case 0 -> Filters.eq("ownerId", pick(random, List.of("o1", "o2", "o3")));
            case 1 -> Filters.eq("ownerId", pick(random, List.of("o1", "o2")));
            case 2 -> Filters.eq("contactId", pick(random, List.of("c1", "c2", "c3")));
            case 3 -> Filters.eq("contactId", null);
            case 4 -> Filters.in("contactId", list(random, 1, 3, r -> pick(r, List.of("c1", "c2", "c3", "c4"))));
            case 5 -> Filters.lt("occurredAt", t);
            case 6 -> Filters.gte("occurredAt", t);
            case 7 -> Filters.lte("occurredAt", t);
            case 8 ->
                Filters.or(
                        Filters.lt("occurredAt", t),
                        Filters.and(Filters.eq("occurredAt", t), Filters.lt("_id", "d50")));
            case 9 -> Filters.gt("n", n);
            case 10 -> Filters.lte("n", n);
            case 11 -> Filters.eq("n", n);
            case 12 -> Filters.eq("tags", pick(random, List.of("a", "b", "c")));
            case 13 -> Filters.in("tags", list(random, 1, 2, r -> pick(r, List.of("a", "b"))));
            case 14 -> Filters.eq("status", pick(random, List.of("ACTIVE", "DUE", "OVERDUE")));
            case 15 -> Filters.ne("status", pick(random, List.of("ACTIVE", "DUE")));
            case 16 -> Filters.eq("code", pick(random, List.of("k1", "k2", "k3", "pending")));
            case 17 -> Filters.eq("_id", pick(random, List.of("d1", "d2", "d7")));
            case 18 -> Filters.gt("_id", "d" + random.nextInt(121));
            case 19 -> Filters.lte("_id", "d" + random.nextInt(121));
            default ->
                random.nextBoolean()
                        ? Filters.in("_id", list(random, 1, 3, r -> pick(r, List.of("d1", "d2", "d7", "x"))))
                        : Filters.exists("contactId", false);
        };
    }

    private static Bson update(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> Updates.set("contactId", pick(random, List.of("c1", "c2", "c3", "c4")));
            case 1 -> Updates.set("occurredAt", minute(random.nextInt(41)));
            case 2 -> Updates.set("n", random.nextInt(26) - 5);
            case 3 -> Updates.unset("occurredAt");
            case 4 -> Updates.addToSet("tags", pick(random, List.of("a", "b", "c")));
            case 5 -> Updates.set("status", pick(random, List.of("ACTIVE", "DUE", "OVERDUE")));
            default -> Updates.set("ownerId", pick(random, List.of("o1", "o2", "o3")));
        };
    }
}
