package com.keepintouch.interaction.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.Infrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
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
 * The projection of contacts on the real Mongo wire server, written at once by the consumer of
 * contacts.v1 and by a lookup of a request thread (in this instance or another): the newer version
 * always stays, so a contact deleted meanwhile never comes back to life.
 */
class KnownContactsIT {

    static MongoClient client;
    static MongoDatabase database;
    static KnownContacts known;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        database = client.getDatabase(
                "known-contacts-" + UUID.randomUUID().toString().substring(0, 8));
        known = new KnownContacts(database);
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

    @Test
    void replayingTheSameVersionFillsTheAddressesOfADocumentStoredBeforeTheyWereKept() {
        String id = "c_" + UUID.randomUUID();
        database.getCollection("known_contacts")
                .insertOne(new Document("_id", id)
                        .append("ownerId", "alice")
                        .append("deleted", false)
                        .append("version", 3L));

        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 3, List.of("Jill@Example.com"))))
                .isTrue();
        assertThat(known.find(id)).contains(new KnownContact(id, "alice", false, 3, List.of("jill@example.com")));
        // once they are kept, the same version again changes nothing, and an older one neither
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 3, List.of("other@example.com"))))
                .isFalse();
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 2, List.of("older@example.com"))))
                .isFalse();
        assertThat(known.find(id).orElseThrow().emails()).containsExactly("jill@example.com");
    }

    @Test
    void anErasedContactIsATombstoneForGoodThatKeepsTheHashesOfItsAddressesOnlyUntilItsErasureFinished() {
        String id = "c_" + UUID.randomUUID();
        String address = "jill-" + UUID.randomUUID() + "@example.com";
        known.upsertIfNewer(new KnownContact(id, "alice", false, 3, List.of(address)));

        ErasedContact erased = known.erase(id, "alice", 4, java.time.Instant.parse("2026-12-02T09:00:00Z"));

        assertThat(erased).isEqualTo(new ErasedContact(id, "alice", List.of(KnownContact.addressHash(address)), false));
        assertThat(known.find(id)).contains(new KnownContact(id, "alice", true, 4, List.of()));
        assertThat(known.isErased(id)).isTrue();
        assertThat(known.findByEmails("alice", List.of(address))).isEmpty();
        // no replay, later version or lookup stores over it
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 9, List.of(address))))
                .isFalse();
        assertThat(known.upsertIfNewer(new KnownContact(id, "alice", false, 1, List.of(address))))
                .isFalse();
        assertThat(known.find(id)).contains(new KnownContact(id, "alice", true, 4, List.of()));
        // erased again (a redelivery): the hashes of the first time, until the erasure finished
        assertThat(known.erase(id, "alice", 4, java.time.Instant.now()).addressHashes())
                .containsExactly(KnownContact.addressHash(address));
        known.erasureFinished(id);
        assertThat(known.erase(id, "alice", 4, java.time.Instant.now()))
                .isEqualTo(new ErasedContact(id, "alice", List.of(), true));
        assertThat(database.getCollection("known_contacts")
                        .find(new Document("_id", id))
                        .first()
                        .toJson())
                .doesNotContain(address);
    }

    @Test
    void contactsAreFoundByAnyOfTheirAddressesWithinTheirOwnerOnly() {
        String address = "shared-" + UUID.randomUUID() + "@example.com";
        String alices = "c_" + UUID.randomUUID();
        String bobs = "c_" + UUID.randomUUID();
        String deleted = "c_" + UUID.randomUUID();
        known.upsertIfNewer(new KnownContact(alices, "alice", false, 1, List.of("first@example.com", address)));
        known.upsertIfNewer(new KnownContact(bobs, "bob", false, 1, List.of(address)));
        known.upsertIfNewer(new KnownContact(deleted, "alice", true, 2, List.of(address)));

        assertThat(known.findByEmails("alice", List.of(address, "nobody@example.com")))
                .extracting(KnownContact::contactId)
                .containsExactly(alices);
        assertThat(known.findByEmails("bob", List.of(address)))
                .extracting(KnownContact::contactId)
                .containsExactly(bobs);
        assertThat(known.findByEmails("carol", List.of(address))).isEmpty();
    }
}
