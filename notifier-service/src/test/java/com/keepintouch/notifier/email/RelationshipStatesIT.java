package com.keepintouch.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.Infrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The states the digests list, on the real Mongo wire server, written at once by two consumers of
 * one partition (the one that lost it in a rebalance still writing its batch): the newer state stays.
 */
class RelationshipStatesIT {

    static MongoClient client;
    static RelationshipStates states;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        states = new RelationshipStates(client.getDatabase(
                "relationship-states-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    static RelationshipState state(String contactId, String owner, String status, long sequence) {
        return new RelationshipState(
                contactId, owner, "Jill", status, List.of(), "Reach out", Instant.EPOCH, null, sequence);
    }

    @Test
    void ofTwoConsumersWritingOneRelationshipAtOnceTheNewerStateStays() throws Exception {
        String owner = "o-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100; round++) {
                String contactId = "c-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> writers = new ArrayList<>();
                for (RelationshipState state :
                        List.of(state(contactId, owner, "OVERDUE", 2), state(contactId, owner, "OK", 1))) {
                    writers.add(pool.submit(() -> {
                        start.await();
                        states.apply(List.of(state));
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // Each relationship is OVERDUE (sequence 2), never the older OK: all 100 need attention.
        assertThat(states.needingAttention(owner))
                .hasSize(100)
                .allSatisfy(s -> assertThat(s.sequence()).isEqualTo(2));
    }

    @Test
    void anOlderOrRepeatedStateChangesNothing() {
        String owner = "o-" + UUID.randomUUID();
        states.apply(List.of(state("c", owner, "DUE", 5)));
        states.apply(List.of(state("c", owner, "OK", 4), state("c", owner, "OK", 5)));
        assertThat(states.needingAttention(owner))
                .singleElement()
                .satisfies(s -> assertThat(s.sequence()).isEqualTo(5));
        states.apply(List.of(state("c", owner, "OK", 6)));
        assertThat(states.needingAttention(owner)).isEmpty();
    }

    @Test
    void strengthReciprocityAndTheSuggestionComeBackAsStoredAndAnOlderStateLosesThem() {
        String owner = "o-" + UUID.randomUUID();
        RelationshipState told = EmailTemplatesTest.withInsight("Jill", "DUE", "https://example.com/courage");
        RelationshipState withInsight = new RelationshipState(
                "c-insight",
                owner,
                told.contactName(),
                told.status(),
                told.reasons(),
                told.suggestedAction(),
                Instant.EPOCH,
                null,
                7,
                told.strength(),
                told.raiseMost(),
                told.responsiveness(),
                told.reciprocity(),
                told.suggestion());

        states.apply(List.of(withInsight));

        assertThat(states.needingAttention(owner)).containsExactly(withInsight);
        states.apply(List.of(state("c-insight", owner, "OVERDUE", 8)));
        assertThat(states.needingAttention(owner)).singleElement().satisfies(s -> {
            assertThat(s.strength()).isNull();
            assertThat(s.suggestion()).isNull();
            assertThat(s.reciprocity()).isEmpty();
        });
    }
}
