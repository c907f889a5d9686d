package com.keepintouch.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.testkit.Infrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sealing and opening the personal fields of events against a real keyring (the Mongo wire
 * server): a consumer reads what the producer wrote, nobody reads it once the contact is erased,
 * and what travels never carries the fields in the clear.
 */
class PersonalDataIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static MongoClient client;
    static MongoDatabase keyring;

    final Clock clock = Clock.systemUTC();
    final ContactKeys producerKeys = keys();
    final ContactKeys consumerKeys = keys();
    final PersonalData producer = new PersonalData(producerKeys, EventSchemas.load());
    final PersonalData consumer = new PersonalData(consumerKeys, EventSchemas.load());
    final Outbox outbox =
            new Outbox("contact-service", JSON, clock, com.keepintouch.platform.tracing.TraceContexts.NONE, producer);

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        keyring = client.getDatabase("keyring-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    ContactKeys keys() {
        return new ContactKeys(
                keyring,
                new SecretBox("test-secret", "contact key", "kit.personal-data.secret-key"),
                clock,
                Duration.ofMinutes(5),
                1000);
    }

    @Test
    void aConsumerOpensWhatTheOutboxSealedAndTheWireCarriesNoPersonalField() {
        String contact = "c-" + UUID.randomUUID();
        String payload = stage(contact, "Jill Summers", "jill@example.com").payload();

        assertThat(payload)
                .doesNotContain("Jill", "jill@example.com", "Head of People")
                .contains("\"sealed\":\"pd1.");
        assertThat(EventSchemas.load().violations(payload)).isEmpty();
        InboundEvent opened = consumer.open(read(payload));
        assertThat(opened.erased()).isFalse();
        assertThat(opened.data().path("name").asString()).isEqualTo("Jill Summers");
        assertThat(opened.data().path("emails").get(0).asString()).isEqualTo("jill@example.com");
        assertThat(opened.data().path("title").asString()).isEqualTo("Head of People");
        assertThat(opened.data().path("tier").asString()).isEqualTo("CLOSE");
        assertThat(opened.data().has(PersonalData.SEALED)).isFalse();
        // The keyring holds the key wrapped, never in the clear.
        Document stored = keyring.getCollection(ContactKeys.COLLECTION)
                .find(new Document("_id", contact))
                .first();
        assertThat(stored.getString("key")).startsWith("v1:");
    }

    @Test
    void onceErasedNoServiceOpensItsEventsAndNothingNewCanBeSealedForIt() {
        String contact = "c-" + UUID.randomUUID();
        String before = stage(contact, "Jill Summers", "jill@example.com").payload();
        consumer.open(read(before)); // the consumer has the key in its cache now

        assertThat(producerKeys.erase(contact)).isTrue();
        assertThat(producerKeys.erase(contact)).as("idempotent").isFalse();
        consumer.forget(contact);

        InboundEvent opened = consumer.open(read(before));
        assertThat(opened.erased()).isTrue();
        assertThat(opened.data().has("name")).isFalse();
        assertThat(opened.data().has(PersonalData.SEALED)).isFalse();
        assertThat(opened.data().path("contactId").asString()).isEqualTo(contact);
        assertThatThrownBy(() -> stage(contact, "Jill Summers", "jill@example.com"))
                .isInstanceOf(PersonErasedException.class)
                .hasMessage("Contact " + contact + " was erased.");
        // A fresh service (empty cache) finds no key either, and makes none.
        assertThatThrownBy(() -> new PersonalData(keys(), EventSchemas.load())
                        .seal(
                                "contact.created",
                                contact,
                                JSON.createObjectNode().put("name", "x")))
                .isInstanceOf(PersonErasedException.class);
        assertThat(keyring.getCollection(ContactKeys.COLLECTION)
                        .find(new Document("_id", contact))
                        .first())
                .doesNotContainKey("key")
                .doesNotContainKey("createdAt")
                .containsKey("erasedAt");
    }

    @Test
    void eventsPublishedInTheClearBeforeSealingAreReadAsTheyAreUntilTheContactIsErased() {
        String contact = "c-" + UUID.randomUUID();
        stage(contact, "Jill", "jill@example.com"); // the contact has a key
        String clear = new Outbox("contact-service", JSON, clock)
                .event(
                        "contacts.v1",
                        "contact.created",
                        contact,
                        "alice",
                        1,
                        data(contact, "Old Name", "old@example.com"))
                .payload();

        assertThat(consumer.open(read(clear)).data().path("name").asString()).isEqualTo("Old Name");
        producerKeys.erase(contact);
        consumer.forget(contact);
        InboundEvent erased = consumer.open(read(clear));
        assertThat(erased.erased()).isTrue();
        assertThat(erased.data().toString()).doesNotContain("Old Name", "old@example.com");
    }

    @Test
    void aBatchOpensWithOneKeyringReadAndEventsWithoutPersonalFieldsPassAsTheyAre() {
        String one = "c-" + UUID.randomUUID();
        String two = "c-" + UUID.randomUUID();
        List<InboundEvent> batch = List.of(
                read(stage(one, "One", "one@example.com").payload()),
                read(stage(two, "Two", "two@example.com").payload()),
                read(new Outbox("contact-service", JSON, clock)
                        .event(
                                "contacts.v1",
                                "contact.deleted",
                                one,
                                "alice",
                                2,
                                Map.of("contactId", one, "ownerId", "alice", "deletedAt", "2026-12-01T00:00:00Z"))
                        .payload()));
        List<InboundEvent> opened = consumer.open(batch);
        assertThat(opened).extracting(e -> e.data().path("name").asString("")).containsExactly("One", "Two", "");
        assertThat(opened.get(2)).isSameAs(batch.get(2));
    }

    @Test
    void aSealedFieldMovedToAnotherContactDoesNotOpen() {
        String jill = "c-" + UUID.randomUUID();
        String jack = "c-" + UUID.randomUUID();
        JsonNode sealedForJill =
                JSON.readTree(stage(jill, "Jill", "jill@example.com").payload());
        stage(jack, "Jack", "jack@example.com");
        String forged = sealedForJill.toString().replace(jill, jack);

        InboundEvent opened = consumer.open(read(forged));
        assertThat(opened.erased()).isTrue();
        assertThat(opened.data().has("name")).isFalse();
    }

    @Test
    void aSealedEventWhoseContactTheKeyringDoesNotKnowIsHeldNotReadAsAnErasure() {
        String contact = "c-" + UUID.randomUUID();
        String payload = stage(contact, "Jill", "jill@example.com").payload();
        // The keyring lost the contact's document (a restore from before it, another database).
        keyring.getCollection(ContactKeys.COLLECTION).deleteOne(new Document("_id", contact));

        assertThatThrownBy(() -> consumer.open(read(payload)))
                .isInstanceOf(KeyMissingException.class)
                .satisfies(e -> assertThat(com.keepintouch.platform.kafka.TransientFailures.isTransient(e))
                        .isTrue())
                .hasMessageNotContaining("Jill");
    }

    private com.keepintouch.platform.outbox.Outbox.StagedEvent stage(String contact, String name, String email) {
        return outbox.event("contacts.v1", "contact.created", contact, "alice", 1, data(contact, name, email));
    }

    private static Map<String, Object> data(String contact, String name, String email) {
        return Map.of(
                "contactId",
                contact,
                "ownerId",
                "alice",
                "name",
                name,
                "emails",
                List.of(email),
                "title",
                "Head of People",
                "tags",
                List.of("marketing"),
                "tier",
                "CLOSE",
                "status",
                "ACTIVE",
                "createdAt",
                Instant.parse("2026-12-01T00:00:00Z").toString(),
                "updatedAt",
                Instant.parse("2026-12-01T00:00:00Z").toString());
    }

    private static InboundEvent read(String json) {
        JsonNode envelope = JSON.readTree(json);
        return new InboundEvent(
                envelope.path("id").asString(),
                envelope.path("source").asString(),
                envelope.path("type").asString(),
                envelope.path("subject").asString(),
                Instant.parse(envelope.path("time").asString()),
                envelope.path("ownerId").asString(),
                envelope.path("sequence").asLong(),
                envelope.path("data"),
                json,
                null);
    }
}
