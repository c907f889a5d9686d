package com.keepintouch.platform.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.testkit.Infrastructure;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claims of one key by writers that race (two requests, two instances), on the real Mongo wire
 * server: a key ends up with exactly one stored holder, also when the first holder is still on its way.
 */
class UniqueClaimsIT {

    static MongoClient client;
    static MongoDatabase database;

    MongoCollection<Document> holderDocuments = database.getCollection("holders-" + UUID.randomUUID());
    UniqueClaims claims = new UniqueClaims(database.getCollection("claims-" + UUID.randomUUID()), "holder");
    UniqueClaims.Holders holders = UniqueClaims.storedIn(holderDocuments, "deleted");

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        database = client.getDatabase(
                "unique-claims-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aClaimWhoseHolderIsStillOnItsWayIsTakenOverOnlyByFencingThatHolder() {
        // The first writer claimed the key and has not stored its holder yet when the second comes.
        assertThat(claims.claim("k", "first", new Document(), holders)).isEmpty();
        assertThat(claims.claim("k", "second", new Document(), holders)).isEmpty();
        holderDocuments.insertOne(new Document("_id", "second").append("deleted", false));

        // The first writer's own insert, which was on its way, fails: the key has one holder.
        assertThatThrownBy(() -> holderDocuments.insertOne(new Document("_id", "first").append("deleted", false)))
                .isInstanceOfSatisfying(
                        MongoWriteException.class,
                        e -> assertThat(DuplicateKeys.isDuplicateKey(e)).isTrue());
        assertThat(claims.holderOf("k")).contains("second");
        assertThat(holderDocuments.countDocuments(Filters.eq("deleted", false))).isEqualTo(1);
    }

    @Test
    void aStoredLiveHolderKeepsItsClaimAndADeletedOneLosesIt() {
        holderDocuments.insertOne(new Document("_id", "live").append("deleted", false));
        holderDocuments.insertOne(new Document("_id", "gone").append("deleted", true));
        assertThat(claims.claim("a", "live", new Document(), holders)).isEmpty();
        assertThat(claims.claim("b", "gone", new Document(), holders)).isEmpty();

        assertThat(claims.claim("a", "other", new Document(), holders)).contains("live");
        assertThat(claims.claim("b", "other", new Document(), holders)).isEmpty();
        assertThat(claims.holderOf("b")).contains("other");
    }

    @Test
    void ofTwoWritersRacingForOneKeyExactlyOneStoresItsHolder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                String key = "key-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> writers = new ArrayList<>();
                for (String writer : List.of("a-" + round, "b-" + round)) {
                    writers.add(pool.submit(() -> {
                        start.await();
                        return claimAndStore(key, writer);
                    }));
                }
                int stored = 0;
                for (Future<Boolean> writer : writers) {
                    stored += writer.get() ? 1 : 0;
                }
                assertThat(stored).as(key).isEqualTo(1);
                String holder = claims.holderOf(key).orElseThrow();
                Document winner =
                        holderDocuments.find(Filters.eq("_id", holder)).first();
                assertThat(winner).as(key).isNotNull();
                assertThat(winner.getBoolean("deleted")).as(key).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a service does: claim the key, then store the holder; true if the holder was stored. */
    private boolean claimAndStore(String key, String holder) {
        if (claims.claim(key, holder, new Document(), holders).isPresent()) {
            return false;
        }
        try {
            holderDocuments.insertOne(new Document("_id", holder).append("deleted", false));
            return true;
        } catch (MongoWriteException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            claims.release(key, holder);
            return false;
        }
    }
}
