package com.keepintouch.interaction.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.Infrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
 * The projection of contacts on the real Mongo wire server, written at once by the consumer of
 * contacts.v1 and by a lookup of a request thread (in this instance or another): the newer version
 * always stays, so a contact deleted meanwhile never comes back to life.
 */
class KnownContactsIT {

    static MongoClient client;
    static KnownContacts known;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        known = new KnownContacts(client.getDatabase(
                "known-contacts-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aVersionIsStoredOnlyOverAnOlderOne() {
        String id = "c_" + UUID.randomUUID();
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 2, List.of())))
                .isTrue();
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 2, List.of())))
                .isFalse();
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 1, List.of())))
                .isFalse();
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", true, 3, List.of())))
                .isTrue();
        assertThat(known.find(id)).contains(new KnownContact(id, "alice", true, 3, List.of()));
    }

    @Test
    void aLookupThatReadTheContactBeforeItsDeletionNeverOverwritesTheDeletion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                String id = "c_" + UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> writers = new ArrayList<>();
                // the consumer: contact.deleted, version 2; a lookup: what contact-service said before, version 1
                for (KnownContact version : List.of(
                        new KnownContact(id, "alice", true, 2, List.of()),
                        new KnownContact(id, "alice", false, 1, List.of()))) {
                    writers.add(pool.submit(() -> {
                        start.await();
                        return known.upsertIfNewer(version);
                    }));
                }
                assertThat(writers.get(0).get())
                        .as("round %d: the deletion is stored", round)
                        .isTrue();
                writers.get(1).get();
                assertThat(known.find(id))
                        .as("round %d", round)
                        .contains(new KnownContact(id, "alice", true, 2, List.of()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
