package com.keepintouch.contact.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Erasing a contact over real HTTP, on the real broker and Mongo wire server: its data is gone from
 * contact-service's database and key, it is a 404 everywhere, contact.erased carries nothing
 * personal, and the tracking completes once the other services' confirmations arrive on erasures.v1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "kit.erasure.consumer-group=erasure-it")
@WithInfrastructure
class ErasureIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> OTHER_SERVICES = List.of("interaction-service", "reminder-service", "notifier-service");

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(
                List.of("contacts", "contact_emails", "idempotency_keys", "erasures", "audit_events"));
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    MongoClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    HttpApi as(String user, String scopes) {
        return HttpApi.at(port).as(TestTokens.token(user, scopes));
    }

    HttpApi alice() {
        return as("alice", "recruiter");
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anErasureWipesTheContactHereAndCompletesWhenEveryServiceConfirmed() {
        String name = "Jill Erasable " + unique();
        String email = "jill." + unique() + "@example.com";
        String body = "{\"name\":\"" + name + "\",\"emails\":[\"" + email + "\"],\"phone\":\"+49 30 555 0101\","
                + "\"company\":\"Erasable GmbH\",\"notes\":\"likes climbing\",\"tags\":[\"cto\"]}";
        try (KafkaProbe probe = KafkaProbe.subscribe("contacts.v1", "erasures.v1", "audit.v1")) {
            Response created = alice().post("/api/contacts", body, Map.of("Idempotency-Key", "k-" + unique()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asString();
            assertThat(database.getCollection("idempotency_keys")
                            .countDocuments(Filters.eq("location", "/api/contacts/" + id)))
                    .isEqualTo(1);

            Response erased = alice().post("/api/contacts/" + id + "/erase", "");

            assertThat(erased.status()).as(erased.body()).isEqualTo(202);
            JsonNode view = erased.json();
            String erasureId = view.path("erasureId").asString();
            assertThat(erasureId).matches("er_[0-9a-f]{32}");
            assertThat(erased.header("Location")).hasValue("/api/erasures/" + erasureId);
            assertThat(view.path("contactId").asString()).isEqualTo(id);
            assertThat(view.path("ownerId").asString()).isEqualTo("alice");
            assertThat(view.path("requestedBy").asString()).isEqualTo("alice");
            assertThat(view.path("status").asString()).isEqualTo("IN_PROGRESS");
            assertThat(statuses(view))
                    .containsExactly(
                            Map.entry("contact-service", "CONFIRMED"),
                            Map.entry("interaction-service", "PENDING"),
                            Map.entry("reminder-service", "PENDING"),
                            Map.entry("notifier-service", "PENDING"));
            JsonNode own = view.path("services").get(0);
            assertThat(own.path("removed").path("contacts").asInt()).isEqualTo(1);
            assertThat(own.path("removed").path("emailClaims").asInt()).isEqualTo(1);
            assertThat(own.path("removed").path("idempotencyRecords").asInt()).isEqualTo(1);
            assertThat(own.path("removed").path("keys").asInt()).isEqualTo(1);

            // a 404 on every contact endpoint, and in no list or search
            assertThat(alice().get("/api/contacts/" + id).status()).isEqualTo(404);
            assertThat(alice().patch("/api/contacts/" + id, "{\"name\":\"Back\"}", Map.of())
                            .status())
                    .isEqualTo(404);
            assertThat(alice().delete("/api/contacts/" + id).status()).isEqualTo(404);
            assertThat(alice().get("/api/contacts?limit=200").body()).doesNotContain(id);
            assertThat(alice().get("/api/contacts?q=Erasable").body()).doesNotContain(id);
            assertThat(as("olga", "ops")
                            .get("/api/contacts?ownerId=alice&limit=200")
                            .body())
                    .doesNotContain(id);

            // nothing personal is left in its document, its address is free, its answers forgotten, its key gone
            Document stored = database.getCollection("contacts")
                    .find(Filters.eq("_id", id))
                    .first();
            assertThat(stored.keySet())
                    .contains("_id", "ownerId", "version", "status", "erasedAt", "erasureId")
                    .isSubsetOf(
                            "_id",
                            "ownerId",
                            "version",
                            "status",
                            "deleted",
                            "erasedAt",
                            "erasureId",
                            "pendingEvents",
                            "outboxPendingSince");
            assertThat(stored.getString("status")).isEqualTo("ERASED");
            assertThat(stored.getString("erasureId")).isEqualTo(erasureId);
            assertThat(stored.toJson()).doesNotContain(name, email, "climbing", "Erasable GmbH", "555 0101");
            assertThat(database.getCollection("contact_emails").countDocuments(Filters.eq("contactId", id)))
                    .isZero();
            assertThat(database.getCollection("idempotency_keys")
                            .countDocuments(Filters.eq("location", "/api/contacts/" + id)))
                    .isZero();
            Document key = client.getDatabase("keyring")
                    .getCollection("contact_keys")
                    .find(Filters.eq("_id", id))
                    .first();
            assertThat(key).isNotNull();
            assertThat(key.containsKey("key")).isFalse();
            assertThat(key.get("erasedAt")).isNotNull();
            Response again =
                    alice().post("/api/contacts", "{\"name\":\"Someone else\",\"emails\":[\"" + email + "\"]}");
            assertThat(again.status()).as("the address is free again").isEqualTo(201);

            // contact.erased, schema-valid and without personal data; contact-service's own confirmation
            JsonNode contactErased = event(probe, id, "contact.erased");
            assertThat(contactErased.path("sequence").asLong()).isEqualTo(2);
            assertThat(contactErased.path("data").path("erasureId").asString()).isEqualTo(erasureId);
            assertThat(contactErased.toString()).doesNotContain(name, email, "Erasable GmbH");
            JsonNode ownConfirmation = event(probe, id, "erasure.confirmed");
            assertThat(ownConfirmation.path("data").path("service").asString()).isEqualTo("contact-service");
            assertThat(ownConfirmation
                            .path("data")
                            .path("removed")
                            .path("contacts")
                            .asInt())
                    .isEqualTo(1);
            JsonNode accepted = audit(probe, erasureId, "ACCEPTED");
            assertThat(accepted.path("data").path("action").asString()).isEqualTo("contact.erase");
            assertThat(accepted.path("data").path("actor").asString()).isEqualTo("alice");
            assertThat(accepted.path("data").path("contactId").asString()).isEqualTo(id);

            // a second request answers the same erasure
            Response second = alice().post("/api/contacts/" + id + "/erase", "");
            assertThat(second.status()).isEqualTo(202);
            assertThat(second.json().path("erasureId").asString()).isEqualTo(erasureId);
            audit(probe, erasureId, "ALREADY_ERASED");

            // the other services confirm, one of them twice: the first confirmation is kept
            Instant confirmedAt = Instant.parse("2026-12-02T09:00:02Z");
            for (String service : OTHER_SERVICES) {
                confirm(id, erasureId, service, confirmedAt, Map.of("things", 2));
            }
            confirm(id, erasureId, "interaction-service", confirmedAt.plusSeconds(60), Map.of("things", 9));

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(alice().get("/api/erasures/" + erasureId)
                                    .json()
                                    .path("status")
                                    .asString())
                            .isEqualTo("COMPLETED"));
            JsonNode completed = alice().get("/api/erasures/" + erasureId).json();
            assertThat(completed.path("completedAt").isNull()).isFalse();
            assertThat(statuses(completed).values()).containsOnly("CONFIRMED");
            JsonNode interactions = completed.path("services").get(1);
            assertThat(interactions.path("confirmedAt").asString()).isEqualTo("2026-12-02T09:00:02Z");
            assertThat(interactions.path("removed").path("things").asInt()).isEqualTo(2);
            JsonNode done = audit(probe, erasureId, "COMPLETED");
            assertThat(done.path("data").path("actor").asString()).isEqualTo("alice");
            assertThat(probe.drain(Duration.ofSeconds(1)).stream()
                            .filter(r -> r.topic().equals("audit.v1"))
                            .map(r -> JSON.readTree(r.value()).path("data"))
                            .filter(d -> erasureId.equals(d.path("erasureId").asString())
                                    && "COMPLETED".equals(d.path("outcome").asString())))
                    .as("the completion is audited once")
                    .hasSize(1);
            assertThat(probe.drain(Duration.ofMillis(200)).stream()
                            .filter(r -> r.topic().equals("audit.v1"))
                            .map(ConsumerRecord::value))
                    .noneMatch(value -> value.contains(name) || value.contains(email));
        }
    }

    @Test
    void onlyTheOwnerOrAnAdminErasesAndTheRefusalsAreAudited() {
        String bobs = as("bob", "recruiter")
                .post("/api/contacts", "{\"name\":\"Bob's contact\"}")
                .json()
                .path("id")
                .asString();
        try (KafkaProbe probe = KafkaProbe.subscribe("audit.v1")) {
            Response byAlice = alice().post("/api/contacts/" + bobs + "/erase", "");
            assertThat(byAlice.status()).isEqualTo(404);
            assertThat(byAlice.contentType()).startsWith("application/problem+json");

            Response byOps = as("olga", "ops").post("/api/contacts/" + bobs + "/erase", "");
            assertThat(byOps.status()).isEqualTo(403);
            assertThat(byOps.contentType()).startsWith("application/problem+json");

            Response unknown = alice().post("/api/contacts/c_0000000000000000000000ff/erase", "");
            assertThat(unknown.status()).isEqualTo(404);
            Response notAnId = alice().post("/api/contacts/jill@example.com/erase", "");
            assertThat(notAnId.status()).isEqualTo(404);

            List<JsonNode> refusals = probe
                    .await(
                            4,
                            r -> {
                                JsonNode data = JSON.readTree(r.value()).path("data");
                                return Set.of("alice", "olga")
                                                .contains(data.path("actor").asString())
                                        && Set.of(bobs, "c_0000000000000000000000ff", "(not a contact id)")
                                                .contains(data.path("contactId").asString());
                            },
                            Duration.ofSeconds(20))
                    .stream()
                    .map(r -> JSON.readTree(r.value()))
                    .toList();
            refusals.forEach(e -> assertThat(EventSchemas.load().violations(e))
                    .as(e.toString())
                    .isEmpty());
            assertThat(refusals)
                    .extracting(e -> e.path("data").path("actor").asString() + " "
                            + e.path("data").path("outcome").asString())
                    .containsExactlyInAnyOrder(
                            "alice NOT_FOUND", "olga FORBIDDEN", "alice NOT_FOUND", "alice NOT_FOUND");
            assertThat(refusals.toString()).doesNotContain("jill@example.com");
            JsonNode forbidden = refusals.stream()
                    .filter(e -> e.path("data").path("outcome").asString().equals("FORBIDDEN"))
                    .findFirst()
                    .orElseThrow();
            assertThat(forbidden.path("data").path("actorScopes").toString()).isEqualTo("[\"ops\"]");
        }
        assertThat(as("bob", "recruiter").get("/api/contacts/" + bobs).status())
                .as("still there")
                .isEqualTo(200);

        Response byAdmin = as("root", "admin").post("/api/contacts/" + bobs + "/erase", "");
        assertThat(byAdmin.status()).isEqualTo(202);
        String erasureId = byAdmin.json().path("erasureId").asString();
        assertThat(byAdmin.json().path("ownerId").asString()).isEqualTo("bob");
        assertThat(byAdmin.json().path("requestedBy").asString()).isEqualTo("root");

        assertThat(as("bob", "recruiter").get("/api/erasures/" + erasureId).status())
                .isEqualTo(200);
        assertThat(as("olga", "ops").get("/api/erasures/" + erasureId).status()).isEqualTo(200);
        assertThat(alice().get("/api/erasures/" + erasureId).status()).isEqualTo(404);
        assertThat(alice().get("/api/erasures/er_nothing").status()).isEqualTo(404);
        assertThat(as("bob", "recruiter").get("/api/contacts/" + bobs).status()).isEqualTo(404);
    }

    @Test
    void aDeletedContactStillHoldsItsDataAndIsErasedToo() {
        String name = "Jill Deleted " + unique();
        String id = alice().post("/api/contacts", "{\"name\":\"" + name + "\",\"phone\":\"+49 30 555 0102\"}")
                .json()
                .path("id")
                .asString();
        assertThat(alice().delete("/api/contacts/" + id).status()).isEqualTo(204);

        Response erased = alice().post("/api/contacts/" + id + "/erase", "");

        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        Document stored =
                database.getCollection("contacts").find(Filters.eq("_id", id)).first();
        assertThat(stored.getString("status")).isEqualTo("ERASED");
        assertThat(stored.getLong("version")).as("created, deleted, erased").isEqualTo(3L);
        assertThat(stored.toJson()).doesNotContain(name, "555 0102");
    }

    private void confirm(String contactId, String erasureId, String service, Instant at, Map<String, Integer> removed) {
        ObjectNode envelope = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", service)
                .put("type", "erasure.confirmed")
                .put("subject", contactId)
                .put("time", at.toString())
                .put("ownerId", "alice")
                .put("sequence", 1)
                .put("datacontenttype", "application/json");
        ObjectNode data = envelope.putObject("data")
                .put("erasureId", erasureId)
                .put("contactId", contactId)
                .put("ownerId", "alice")
                .put("service", service)
                .put("confirmedAt", at.toString());
        ObjectNode counts = data.putObject("removed");
        removed.forEach(counts::put);
        assertThat(EventSchemas.load().violations(envelope)).isEmpty();
        kafka.send("erasures.v1", contactId, envelope.toString()).join();
    }

    private static Map<String, String> statuses(JsonNode view) {
        return view.path("services")
                .valueStream()
                .collect(Collectors.toMap(
                        s -> s.path("service").asString(),
                        s -> s.path("status").asString(),
                        (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    private static JsonNode event(KafkaProbe probe, String contactId, String type) {
        JsonNode event = JSON.readTree(probe.await(
                        1,
                        r -> contactId.equals(r.key()) && r.value().contains("\"type\":\"" + type + "\""),
                        Duration.ofSeconds(20))
                .get(0)
                .value());
        assertThat(EventSchemas.load().violations(event)).as(event.toString()).isEmpty();
        return event;
    }

    private static JsonNode audit(KafkaProbe probe, String erasureId, String outcome) {
        JsonNode event = JSON.readTree(probe.await(
                        1,
                        r -> {
                            JsonNode data = JSON.readTree(r.value()).path("data");
                            return r.topic().equals("audit.v1")
                                    && erasureId.equals(data.path("erasureId").asString())
                                    && outcome.equals(data.path("outcome").asString());
                        },
                        Duration.ofSeconds(20))
                .get(0)
                .value());
        assertThat(EventSchemas.load().violations(event)).as(event.toString()).isEmpty();
        assertThat(event.path("subject").asString())
                .isEqualTo(event.path("data").path("auditId").asString());
        return event;
    }
}
