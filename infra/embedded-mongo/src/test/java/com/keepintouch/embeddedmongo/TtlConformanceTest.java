package com.keepintouch.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in expires documents as MongoDB's TTL monitor does: random documents whose TTL field
 * holds dates before and after the cutoff, arrays of them, other types or nothing, under random
 * expiries, partial and compound indexes; after a pass exactly the documents MongoDB's rule keeps
 * are left (each case is generated from its own seed, named in the test). The deletions are
 * ordinary deletes (change streams, secondary indexes, the journal see them); {@code listIndexes}
 * reports the expiry and {@code collMod} changes it, also across a restart.
 */
class TtlConformanceTest {

    private static final int CASES = 40;
    private static final Duration PASS = Duration.ofMillis(200);
    /** Every date is at least this far from its cutoff, so the seconds a test takes never move one across. */
    private static final Duration MARGIN = Duration.ofMinutes(10);

    private static EmbeddedMongo server;
    private static MongoClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = EmbeddedMongo.inMemory(PASS);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static MongoDatabase db() {
        return client.getDatabase("ttl");
    }

    @TestFactory
    Stream<DynamicTest> aPassLeavesWhatMongoDbsRuleKeeps() {
        return IntStream.rangeClosed(1, CASES)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> scenario(seed, new Random(seed))));
    }

    private static void scenario(int seed, Random random) {
        MongoCollection<Document> collection = db().getCollection("case" + seed);
        long expireAfterSeconds = List.of(0L, 60L, 3600L, 86_400L).get(random.nextInt(4));
        boolean partial = random.nextInt(3) == 0;
        boolean compound = !partial && random.nextInt(6) == 0;
        IndexOptions options = new IndexOptions().expireAfter(expireAfterSeconds, TimeUnit.SECONDS);
        if (partial) {
            options.partialFilterExpression(Filters.eq("kind", "session"));
        }
        collection.createIndex(
                compound ? Indexes.ascending("expiresFrom", "ownerId") : Indexes.ascending("expiresFrom"), options);
        collection.createIndex(Indexes.ascending("ownerId"));
        Instant cutoff = Instant.now().minusSeconds(expireAfterSeconds);

        Set<Object> kept = new HashSet<>();
        Set<Object> expired = new HashSet<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            Document document = new Document("_id", i).append("ownerId", "o" + random.nextInt(3));
            boolean session = random.nextBoolean();
            document.append("kind", session ? "session" : "other");
            boolean expires = value(random, cutoff, document);
            collection.insertOne(document);
            if (expires && !compound && (!partial || session)) {
                expired.add(i);
            } else {
                kept.add(i);
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> collection.countDocuments(Filters.in("_id", expired)) == 0);
        assertThat(ids(collection.find()))
                .as("expireAfterSeconds %d partial %s compound %s", expireAfterSeconds, partial, compound)
                .containsExactlyInAnyOrderElementsOf(kept);
        // the secondary index forgot them too: what it finds is what is left
        List<Document> left = collection.find().into(new ArrayList<>());
        for (String owner : List.of("o0", "o1", "o2")) {
            assertThat(ids(collection.find(Filters.eq("ownerId", owner))))
                    .containsExactlyInAnyOrderElementsOf(ids(left.stream()
                            .filter(d -> owner.equals(d.get("ownerId")))
                            .toList()));
        }
    }

    /** Puts a random value in {@code expiresFrom}, or none; whether MongoDB's TTL monitor deletes its document. */
    private static boolean value(Random random, Instant cutoff, Document document) {
        switch (random.nextInt(8)) {
            case 0 -> {
                return false; // no field
            }
            case 1 -> {
                document.append("expiresFrom", null);
                return false;
            }
            case 2 -> {
                document.append("expiresFrom", cutoff.minusSeconds(10).toString()); // a string, not a date
                return false;
            }
            case 3 -> {
                document.append("expiresFrom", cutoff.minus(MARGIN).toEpochMilli()); // a number, not a date
                return false;
            }
            case 4, 5 -> {
                boolean past = random.nextBoolean();
                document.append("expiresFrom", date(random, cutoff, past));
                return past;
            }
            default -> {
                // an array expires with its earliest date; other values in it count for nothing
                List<Object> values = new ArrayList<>();
                boolean expires = false;
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    if (random.nextInt(4) == 0) {
                        values.add("not a date");
                    } else {
                        boolean past = random.nextBoolean();
                        values.add(date(random, cutoff, past));
                        expires |= past;
                    }
                }
                document.append("expiresFrom", values);
                return expires;
            }
        }
    }

    private static Date date(Random random, Instant cutoff, boolean before) {
        Duration distance = MARGIN.plusMinutes(random.nextInt(48 * 60));
        return Date.from(before ? cutoff.minus(distance) : cutoff.plus(distance));
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(d -> ids.add(d.get("_id")));
        return ids;
    }

    @Test
    void anExpiredDocumentIsAnOrdinaryDeleteThatChangeStreamsSee() {
        MongoCollection<Document> sessions = db().getCollection("watched");
        sessions.createIndex(Indexes.ascending("at"), new IndexOptions().expireAfter(60L, TimeUnit.SECONDS));
        try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
                sessions.watch().cursor()) {
            sessions.insertOne(new Document("_id", "old")
                    .append("at", Date.from(Instant.now().minus(MARGIN))));
            sessions.insertOne(new Document("_id", "new").append("at", new Date()));

            List<ChangeStreamDocument<Document>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                ChangeStreamDocument<Document> next = changes.tryNext();
                if (next != null) {
                    seen.add(next);
                }
                return seen.stream().anyMatch(c -> c.getOperationType() == OperationType.DELETE);
            });
            assertThat(seen.stream()
                            .filter(c -> c.getOperationType() == OperationType.DELETE)
                            .map(c -> c.getDocumentKey().getString("_id").getValue()))
                    .containsExactly("old");
        }
        assertThat(ids(sessions.find())).containsExactly("new");
    }

    @Test
    void listIndexesReportsTheExpiryAndCollModChangesIt() {
        MongoCollection<Document> keys = db().getCollection("keys");
        keys.createIndex(
                Indexes.ascending("createdAt"),
                new IndexOptions().name("createdAt_1").expireAfter(3 * 3600L, TimeUnit.SECONDS));
        keys.insertOne(new Document("_id", "two-hours-old")
                .append("createdAt", Date.from(Instant.now().minus(Duration.ofHours(2)))));
        assertThat(expiryOf(keys, "createdAt_1")).isEqualTo(3 * 3600L);

        Document changed = db().runCommand(new Document("collMod", "keys")
                .append("index", new Document("name", "createdAt_1").append("expireAfterSeconds", 3600)));

        assertThat(changed.get("expireAfterSeconds_old", Number.class).longValue())
                .isEqualTo(3 * 3600L);
        assertThat(changed.get("expireAfterSeconds_new", Number.class).longValue())
                .isEqualTo(3600L);
        assertThat(expiryOf(keys, "createdAt_1")).isEqualTo(3600L);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.countDocuments() == 0);

        // by key pattern, and a plain single-field index becomes a TTL index, as on MongoDB 5.1 and later
        keys.createIndex(Indexes.ascending("seenAt"), new IndexOptions().name("seenAt_1"));
        db().runCommand(new Document("collMod", "keys")
                .append(
                        "index",
                        new Document("keyPattern", new Document("seenAt", 1)).append("expireAfterSeconds", 60)));
        assertThat(expiryOf(keys, "seenAt_1")).isEqualTo(60L);

        assertThatThrownBy(() -> db().runCommand(new Document("collMod", "keys")
                        .append("index", new Document("name", "nope").append("expireAfterSeconds", 60))))
                .isInstanceOf(MongoCommandException.class)
                .satisfies(e ->
                        assertThat(((MongoCommandException) e).getErrorCode()).isEqualTo(27));
        assertThatThrownBy(() -> db().runCommand(new Document("collMod", "missing")
                        .append("index", new Document("name", "createdAt_1").append("expireAfterSeconds", 60))))
                .isInstanceOf(MongoCommandException.class)
                .satisfies(e ->
                        assertThat(((MongoCommandException) e).getErrorCode()).isEqualTo(26));
    }

    @Test
    void theExpiryAndItsChangeSurviveARestartAndSoDoTheDeletions() throws IOException {
        Instant now = Instant.now();
        withJournaledServer(Duration.ofHours(1), db -> {
            MongoCollection<Document> keys = db.getCollection("keys");
            keys.createIndex(
                    Indexes.ascending("createdAt"),
                    new IndexOptions().name("createdAt_1").expireAfter(3 * 3600L, TimeUnit.SECONDS));
            keys.insertOne(new Document("_id", "two-hours-old").append("createdAt", Date.from(now.minusSeconds(7200))));
            keys.insertOne(new Document("_id", "fresh").append("createdAt", Date.from(now)));
        });
        withJournaledServer(Duration.ofHours(1), db -> {
            assertThat(expiryOf(db.getCollection("keys"), "createdAt_1")).isEqualTo(3 * 3600L);
            db.runCommand(new Document("collMod", "keys")
                    .append("index", new Document("name", "createdAt_1").append("expireAfterSeconds", 3600)));
        });
        // the start after the collMod replays it from the journal; the next one reads the compacted journal
        withJournaledServer(PASS, db -> {
            MongoCollection<Document> keys = db.getCollection("keys");
            assertThat(expiryOf(keys, "createdAt_1")).isEqualTo(3600L);
            await().atMost(Duration.ofSeconds(10)).until(() -> keys.countDocuments() == 1);
        });
        withJournaledServer(Duration.ofHours(1), db -> {
            MongoCollection<Document> keys = db.getCollection("keys");
            assertThat(expiryOf(keys, "createdAt_1")).isEqualTo(3600L);
            assertThat(ids(keys.find())).containsExactly("fresh");
        });
    }

    private static long expiryOf(MongoCollection<Document> collection, String index) {
        for (Document description : collection.listIndexes()) {
            if (index.equals(description.getString("name"))) {
                return description.get("expireAfterSeconds", Number.class).longValue();
            }
        }
        throw new AssertionError("no index " + index);
    }

    private void withJournaledServer(Duration ttlInterval, Consumer<MongoDatabase> work) throws IOException {
        EmbeddedMongo journaled =
                EmbeddedMongo.journaled(dir, "127.0.0.1", 0, EmbeddedMongo.DEFAULT_COMPACT_ABOVE_BYTES, ttlInterval);
        try (MongoClient journaledClient = MongoClients.create(journaled.connectionString())) {
            work.accept(journaledClient.getDatabase("test"));
        } finally {
            journaled.shutdown();
        }
    }
}
