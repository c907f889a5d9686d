package com.keepintouch.notifier.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.notifier.support.WebhookReceiver;
import com.keepintouch.notifier.support.WebhookReceiver.Answer;
import com.keepintouch.platform.personal.ContactKeys;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contact's erasure through the real broker, MongoDB, webhook receivers and SMTP server: what was
 * sent about them is no longer stored anywhere here, nothing pending goes out afterwards, they are a
 * 404, the erasure is confirmed on erasures.v1, and reading it again changes nothing but confirms
 * again. An event of an erased contact notifies nobody.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.webhooks.consumer-group=erasure-it",
            "kit.webhooks.allowed-networks=127.0.0.0/8",
            "kit.webhooks.sweep-interval=100ms",
            "kit.webhooks.stuck-scan-interval=1s",
            "kit.webhooks.endpoint-refresh=200ms"
        })
@WithInfrastructure
@Import(NotifierTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ErasureIT {

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "deliveries",
                "messages",
                "relationship_states",
                "erased_contacts",
                "erasure_confirmations",
                "preferences"));
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EventSchemas SCHEMAS = EventSchemas.load();
    static final Mailbox MAIL = Mailbox.start();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", MAIL::port);
    }

    @AfterAll
    static void closeMail() {
        MAIL.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    MongoDatabase database;

    @Autowired
    PersonalData personalData;

    @Autowired
    ContactKeys contactKeys;

    final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    HttpApi as(String user, String scope) {
        return HttpApi.at(port).as(TestTokens.token(user, scope));
    }

    RelationshipEvents sealed() {
        return new RelationshipEvents(kafka, personalData);
    }

    WebhookReceiver subscribed(String owner, Answer answer) {
        WebhookReceiver receiver = WebhookReceiver.start().answer(answer);
        receivers.add(receiver);
        Response created = as(owner, "recruiter")
                .post("/api/webhooks", "{\"url\":\"" + receiver.url() + "\",\"description\":\"erasure\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        receiver.verifyWith(created.json().path("secret").asString());
        return receiver;
    }

    void emailsAtOnce(String owner, String address) {
        Response saved = as(owner, "recruiter")
                .send(
                        "PUT",
                        "/api/preferences/me",
                        Map.of("content-type", "application/json"),
                        BodyPublishers.ofString("{\"email\":\"" + address + "\",\"mode\":\"IMMEDIATE\"}"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** Publishes contact.erased as contact-service does, from its schema's example. */
    void publishErased(String contactId, String owner, String erasureId) {
        ObjectNode event =
                (ObjectNode) SCHEMAS.examples("contact.erased").get(0).deepCopy();
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", contactId);
        event.put("ownerId", owner);
        event.put("time", clock.instant().toString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("contactId", contactId);
        data.put("ownerId", owner);
        data.put("erasureId", erasureId);
        data.put("erasedAt", clock.instant().toString());
        SCHEMAS.requireValid(event);
        kafka.send("contacts.v1", contactId, event.toString()).join();
    }

    /** Every document stored about the owner's contact that names {@code text}, as JSON. */
    List<String> documentsNaming(String text, String owner, String contactId) {
        List<String> found = new ArrayList<>();
        Map<String, org.bson.conversions.Bson> queries = Map.of(
                "deliveries", Filters.eq("ownerId", owner),
                "messages", Filters.eq("contactId", contactId),
                "relationship_states", Filters.eq("ownerId", owner));
        queries.forEach((collection, query) -> {
            for (Document document : database.getCollection(collection).find(query)) {
                if (document.toJson().contains(text)) {
                    found.add(collection + ": " + document.toJson());
                }
            }
        });
        return found;
    }

    @Test
    void anErasureRemovesWhatWasSentCancelsWhatWaitsAndConfirmsOnceAndAgain() {
        String owner = RelationshipEvents.newOwner("erin");
        String address = owner + "@example.com";
        String name = "Esme Erasable";
        String contactId = RelationshipEvents.newContactId();
        WebhookReceiver answering = subscribed(owner, Answer.status(204));
        WebhookReceiver failing = subscribed(owner, Answer.status(503));
        emailsAtOnce(owner, address);

        sealed().publish("relationship.overdue", contactId, owner, name, "OVERDUE", clock.instant(), true);

        await().atMost(WAIT)
                .until(() -> answering.received().size() == 1
                        && failing.received().size() == 1
                        && MAIL.to(address).size() == 1);
        assertThat(answering.received().get(0).body()).contains(name);
        assertThat(as(owner, "recruiter").post("/api/preferences/me/digest", "").status())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 2);
        // What the export shows before: every delivery with what it sent, and the digest state.
        Response before = as(owner, "recruiter").get("/api/personal-data/" + contactId);
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(before.json().path("digestState").path("contactName").asString())
                .isEqualTo(name);
        assertThat(before.json().path("deliveries").size()).isEqualTo(4); // two webhooks, the reminder, the digest
        assertThat(before.body()).contains(name);
        assertThat(as("someone-else", "recruiter")
                        .get("/api/personal-data/" + contactId)
                        .status())
                .isEqualTo(404);
        // The failing endpoint's delivery waits for its retry (the clock stands still).
        await().atMost(WAIT)
                .until(() -> deliveriesOf(owner, contactId).stream()
                        .anyMatch(d -> d.path("status").asString().equals("PENDING")
                                && d.path("attempts").asInt() == 1));

        String erasureId = "er_" + UUID.randomUUID();
        publishErased(contactId, owner, erasureId);

        JsonNode confirmation = confirmations(contactId, 1).get(0);
        assertThat(SCHEMAS.violations(confirmation)).isEmpty();
        assertThat(confirmation.path("source").asString()).isEqualTo("notifier-service");
        JsonNode data = confirmation.path("data");
        assertThat(data.path("erasureId").asString()).isEqualTo(erasureId);
        assertThat(data.path("service").asString()).isEqualTo("notifier-service");
        assertThat(data.path("ownerId").asString()).isEqualTo(owner);
        assertThat(data.path("removed").path("cancelledDeliveries").asLong()).isEqualTo(1);
        assertThat(data.path("removed").path("webhookPayloads").asLong()).isEqualTo(1);
        assertThat(data.path("removed").path("emailBodies").asLong()).isEqualTo(1);
        assertThat(data.path("removed").path("digestBodies").asLong()).isEqualTo(1);
        assertThat(data.path("removed").path("digestStates").asLong()).isEqualTo(1);

        // Nothing stored here names them any more; the deliveries stay, without bodies, for the counts.
        assertThat(documentsNaming(name, owner, contactId)).isEmpty();
        assertThat(database.getCollection("relationship_states")
                        .find(Filters.eq("_id", contactId))
                        .first())
                .isNull();
        assertThat(database.getCollection("deliveries")
                        .find(Filters.eq("contactId", contactId))
                        .into(new ArrayList<>()))
                .hasSize(3)
                .allSatisfy(d -> assertThat(d.get("bodyAt")).isNull());
        // The pending one was cancelled: time passes beyond its retry, and nothing more is attempted.
        clock.advance(Duration.ofMinutes(10));
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> failing.received().size() == 1);
        assertThat(answering.received()).hasSize(1);
        assertThat(MAIL.to(address)).hasSize(2);

        // A 404 wherever the contact is named.
        for (String path : List.of("/api/deliveries?contactId=" + contactId, "/api/personal-data/" + contactId)) {
            Response gone = as(owner, "recruiter").get(path);
            assertThat(gone.status()).as(path).isEqualTo(404);
            assertThat(gone.contentType()).startsWith("application/problem+json");
            assertThat(gone.body()).contains("erased").doesNotContain(name);
        }
        JsonNode summary = as("ops-person", "ops").get("/api/ops/summary").json();
        assertThat(summary.path("deliveriesByStatus").path("CANCELLED").asLong())
                .isPositive();

        // Read again (a redelivery after a crash): nothing left to remove, confirmed again.
        publishErased(contactId, owner, erasureId);
        JsonNode again = confirmations(contactId, 2).get(1).path("data");
        assertThat(again.path("erasureId").asString()).isEqualTo(erasureId);
        assertThat(again.path("removed").properties())
                .allSatisfy(
                        e -> assertThat(e.getValue().asLong()).as(e.getKey()).isZero());
        assertThat(documentsNaming(name, owner, contactId)).isEmpty();
    }

    @Test
    void anEventOfAContactErasedElsewhereNotifiesNobodyAndLeavesNoState() {
        String owner = RelationshipEvents.newOwner("fay");
        String address = owner + "@example.com";
        WebhookReceiver receiver = subscribed(owner, Answer.status(204));
        emailsAtOnce(owner, address);
        String erased = RelationshipEvents.newContactId();
        String kept = RelationshipEvents.newContactId();
        // Sealed while the key existed; the key is erased (by contact-service) before it is read.
        ObjectNode gone = sealed().event(
                        "relationship.due",
                        erased,
                        owner,
                        "Gone Person",
                        "DUE",
                        clock.instant(),
                        RelationshipEvents.withoutInsight());
        contactKeys.erase(erased);
        sealed().send(gone);
        sealed().publish("relationship.due", kept, owner, "Kept Person", "DUE", clock.instant(), true);

        await().atMost(WAIT)
                .until(() -> receiver.received().size() >= 1 && MAIL.to(address).size() >= 1);
        await().atMost(WAIT)
                .until(() -> as(owner, "recruiter")
                                .get("/api/personal-data/" + erased)
                                .status()
                        == 404);
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> receiver.received().size() == 1);
        assertThat(receiver.received().get(0).body()).contains("Kept Person").doesNotContain(erased);
        assertThat(MAIL.to(address)).hasSize(1);
        assertThat(database.getCollection("relationship_states")
                        .find(Filters.eq("_id", erased))
                        .first())
                .isNull();
        assertThat(database.getCollection("messages")
                        .find(Filters.eq("contactId", erased))
                        .first())
                .isNull();
        assertThat(as(owner, "recruiter")
                        .get("/api/deliveries?contactId=" + erased)
                        .status())
                .isEqualTo(404);
    }

    List<JsonNode> deliveriesOf(String owner, String contactId) {
        List<JsonNode> found = new ArrayList<>();
        as(owner, "recruiter")
                .get("/api/deliveries?contactId=" + contactId)
                .json()
                .path("items")
                .forEach(found::add);
        return found;
    }

    static List<JsonNode> confirmations(String contactId, int count) {
        try (KafkaProbe probe = KafkaProbe.subscribe("erasures.v1")) {
            return probe.await(count, (ConsumerRecord<String, String> r) -> contactId.equals(r.key()), WAIT).stream()
                    .map(r -> JSON.readTree(r.value()))
                    .toList();
        }
    }
}
