package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.notifier.domain.WebhookSignature;
import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.notifier.support.WebhookReceiver;
import com.keepintouch.notifier.support.WebhookReceiver.Answer;
import com.keepintouch.notifier.support.WebhookReceiver.Received;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks end to end: relationships.v1 in over the real broker, signed HTTP out to real receivers on loopback. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.webhooks.consumer-group=webhooks-it",
            "kit.webhooks.allowed-networks=127.0.0.0/8",
            "kit.webhooks.sweep-interval=100ms",
            "kit.webhooks.stuck-scan-interval=1s",
            "kit.webhooks.attempt-timeout=3s"
        })
@WithInfrastructure
@Import(NotifierTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WebhooksIT {

    /** Every query this test made the service send is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "deliveries", "endpoints", "messages", "preferences", "relationship_states", "delivery_agenda"));
    }

    static final Duration WAIT = Duration.ofSeconds(20);
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

    final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        return receiver;
    }

    HttpApi as(String user) {
        return as(user, "recruiter");
    }

    HttpApi as(String user, String scope) {
        return HttpApi.at(port).as(TestTokens.token(user, scope));
    }

    RelationshipEvents events() {
        return new RelationshipEvents(kafka);
    }

    /** Creates an endpoint for {@code receiver}; the receiver verifies with its secret. */
    String endpoint(String owner, WebhookReceiver receiver, String... types) {
        String body = JSON.createObjectNode()
                .put("url", receiver.url())
                .put("description", "test")
                .set("eventTypes", JSON.valueToTree(List.of(types)))
                .toString();
        Response created = as(owner).post("/api/webhooks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        receiver.verifyWith(created.json().path("secret").asString());
        return created.json().path("id").asString();
    }

    static List<Received> received(WebhookReceiver receiver, int count) {
        await().atMost(WAIT).until(() -> receiver.received().size() >= count);
        return receiver.received();
    }

    /** The first notifications.v1 event keyed {@code key} (a delivery or an endpoint id). */
    static JsonNode notification(String key) {
        try (KafkaProbe probe = KafkaProbe.subscribe("notifications.v1")) {
            return JSON.readTree(
                    probe.await(1, r -> key.equals(r.key()), WAIT).get(0).value());
        }
    }

    JsonNode delivery(String owner, String endpointId) {
        Response list = as(owner).get("/api/deliveries?endpointId=" + endpointId);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().path("items").get(0);
    }

    JsonNode awaitDelivery(String owner, String endpointId, java.util.function.Predicate<JsonNode> condition) {
        await().atMost(WAIT).until(() -> {
            JsonNode items = as(owner)
                    .get("/api/deliveries?endpointId=" + endpointId)
                    .json()
                    .path("items");
            return items.size() > 0 && condition.test(items.get(0));
        });
        return delivery(owner, endpointId);
    }

    @Test
    void anEventArrivesOnceSignedWithItsMessageIdAndIsRecordedAsDelivered() {
        String owner = RelationshipEvents.newOwner("alice");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(owner, receiver);
        String contactId = RelationshipEvents.newContactId();

        String eventId = events().publish("relationship.overdue", contactId, owner, "OVERDUE", clock.instant());

        Received received = received(receiver, 1).get(0);
        assertThat(received.signatureValid()).isTrue();
        assertThat(received.webhookId()).isEqualTo("msg_" + eventId.replace("-", ""));
        assertThat(received.type()).isEqualTo("relationship.overdue");
        assertThat(received.json().path("data").path("contactId").asString()).isEqualTo(contactId);
        assertThat(received.json().path("data").path("state").path("reasons").size())
                .isPositive();
        assertThat(received.userAgent()).startsWith("keep-in-touch-webhooks/");

        JsonNode delivery = awaitDelivery(
                owner, endpointId, d -> d.path("status").asString().equals("DELIVERED"));
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.path("webhookId").asString()).isEqualTo(received.webhookId());
        assertThat(delivery.path("attemptLog").get(0).path("statusCode").asInt())
                .isEqualTo(204);
        JsonNode event = notification(delivery.path("id").asString());
        assertThat(event.path("type").asString()).isEqualTo("notification.delivered");
        assertThat(SCHEMAS.violations(event)).isEmpty();
        assertThat(event.path("data").path("eventId").asString()).isEqualTo(eventId);
        // The secret was shown once, on create.
        assertThat(as(owner).get("/api/webhooks/" + endpointId).body()).doesNotContain("secret");
        assertThat(received(receiver, 1)).hasSize(1);
    }

    @Test
    void aWebhookCarriesTheStrengthReciprocityAndSuggestionItsEventCarries() {
        String owner = RelationshipEvents.newOwner("alice");
        WebhookReceiver receiver = receiver();
        endpoint(owner, receiver, "relationship.due");

        events().publish(
                        "relationship.due",
                        RelationshipEvents.newContactId(),
                        owner,
                        "Jill Summers",
                        "DUE",
                        clock.instant(),
                        true,
                        RelationshipEvents.withInsight("Hiring in 2026", "https://example.com/hiring?in=2026&by=jill"));

        Received received = received(receiver, 1).get(0);
        assertThat(received.signatureValid()).isTrue();
        JsonNode state = received.json().path("data").path("state");
        assertThat(state.path("strength").path("score").asInt()).isEqualTo(41);
        assertThat(state.path("strength").path("raiseMost").asString())
                .isEqualTo("Reach out to Jill Summers: a touch now would raise strength from 41 to 70.");
        assertThat(state.path("strength").path("components").get(0).path("name").asString())
                .isEqualTo("recency");
        assertThat(state.path("reciprocity").path("responsiveness").asInt()).isEqualTo(71);
        assertThat(state.path("reciprocity").path("initiatedShare").asDouble()).isEqualTo(0.25);
        assertThat(state.path("reciprocity").path("sentences").get(0).asString())
                .isEqualTo("Jill Summers replied to 4 of your last 5 emails, usually within a day.");
        assertThat(state.path("suggestion").path("title").asString()).isEqualTo("Hiring in 2026");
        assertThat(state.path("suggestion").path("url").asString())
                .isEqualTo("https://example.com/hiring?in=2026&by=jill");
        assertThat(state.path("suggestion").path("shareableId").asString()).startsWith("sh_");
        assertThat(state.path("suggestion").path("matched").get(0).asString()).isEqualTo("title");
        assertThat(state.path("suggestedAction").asString()).startsWith("Share 'Hiring in 2026' with Jill Summers");
    }

    @Test
    void endpointsReceiveOnlyTheirOwnersEventsOfTheTypesTheyChose() {
        String alice = RelationshipEvents.newOwner("alice");
        String bob = RelationshipEvents.newOwner("bob");
        WebhookReceiver dueOnly = receiver();
        WebhookReceiver firmWide = receiver();
        endpoint(alice, dueOnly, "relationship.due");
        Response created = as("root", "admin")
                .post(
                        "/api/webhooks",
                        "{\"url\":\"" + firmWide.url() + "\",\"firmWide\":true,\"eventTypes\":[\"relationship.due\"]}");
        assertThat(created.status()).isEqualTo(201);
        firmWide.verifyWith(created.json().path("secret").asString());

        String aliceDue =
                events().publish("relationship.due", RelationshipEvents.newContactId(), alice, "DUE", clock.instant());
        events().publish("relationship.recovered", RelationshipEvents.newContactId(), alice, "OK", clock.instant());
        String bobDue =
                events().publish("relationship.due", RelationshipEvents.newContactId(), bob, "DUE", clock.instant());

        List<String> firm = received(firmWide, 2).stream()
                .filter(r -> r.type().equals("relationship.due"))
                .map(Received::webhookId)
                .toList();
        assertThat(firm).contains("msg_" + aliceDue.replace("-", ""), "msg_" + bobDue.replace("-", ""));
        List<Received> own = received(dueOnly, 1);
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() -> dueOnly.received().size() == 1);
        assertThat(own.get(0).webhookId()).isEqualTo("msg_" + aliceDue.replace("-", ""));
        assertThat(own).allMatch(Received::signatureValid);
        // Firm-wide endpoints receive every later test's events: this one goes.
        assertThat(as("root", "admin")
                        .delete("/api/webhooks/" + created.json().path("id").asString())
                        .status())
                .isEqualTo(204);
    }

    @Test
    void ownersSeeAndChangeOnlyTheirOwnEndpointsAndDeliveries() {
        String alice = RelationshipEvents.newOwner("alice");
        String bob = RelationshipEvents.newOwner("bob");
        String endpointId = endpoint(alice, receiver());

        assertThat(as(bob).get("/api/webhooks/" + endpointId).status()).isEqualTo(404);
        assertThat(as(bob).patch("/api/webhooks/" + endpointId, "{\"enabled\":false}", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(as(bob).delete("/api/webhooks/" + endpointId).status()).isEqualTo(404);
        assertThat(as(bob).post("/api/webhooks/" + endpointId + "/rotate-secret", "")
                        .status())
                .isEqualTo(404);
        assertThat(as(bob).get("/api/webhooks").json().path("items").size()).isZero();
        assertThat(as("ops-1", "ops").get("/api/webhooks/" + endpointId).status())
                .isEqualTo(200);
        assertThat(as("ops-1", "ops")
                        .patch("/api/webhooks/" + endpointId, "{\"enabled\":false}", Map.of())
                        .status())
                .isEqualTo(403);
        Response firmWide =
                as(alice).post("/api/webhooks", "{\"url\":\"https://hooks.example.com/x\",\"firmWide\":true}");
        assertThat(firmWide.status()).isEqualTo(403);
        assertThat(firmWide.contentType()).startsWith("application/problem+json");
        // A recruiter's ownerId in the body is ignored, never trusted.
        Response spoofed =
                as(bob).post("/api/webhooks", "{\"url\":\"" + receiver().url() + "\",\"ownerId\":\"" + alice + "\"}");
        assertThat(spoofed.json().path("ownerId").asString()).isEqualTo(bob);
    }

    @Test
    void theEndpointListPagesInIdOrderAndStillResumesFromAnEndpointIdAsCursor() {
        String owner = RelationshipEvents.newOwner("paging");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(endpoint(owner, receiver()));
        }
        ids.sort(null);

        Response first = as(owner).get("/api/webhooks?limit=2");
        assertThat(first.json().path("items").findValuesAsString("id")).containsExactly(ids.get(0), ids.get(1));
        String cursor = first.json().path("nextCursor").asString();
        Response last = as(owner).get("/api/webhooks?limit=2&cursor=" + cursor);
        assertThat(last.json().path("items").findValuesAsString("id")).containsExactly(ids.get(2));
        assertThat(last.json().path("nextCursor").isNull()).isTrue();
        // the form of cursor this list gave out before: the last endpoint's id
        Response resumed = as(owner).get("/api/webhooks?limit=2&cursor=" + ids.get(0));
        assertThat(resumed.json().path("items").findValuesAsString("id")).containsExactly(ids.get(1), ids.get(2));
        assertThat(as(owner)
                        .get("/api/webhooks?cursor=%7B%22%24gt%22%3A%22%22%7D")
                        .status())
                .isEqualTo(400);
        assertThat(as(owner).get("/api/webhooks?limit=201").status()).isEqualTo(400);
    }

    @Test
    void badInputIsAProblemThatNamesTheField() {
        String alice = RelationshipEvents.newOwner("alice");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(alice, receiver);
        String valid = receiver.url();
        Map<String, String> bodies = Map.of(
                "{\"url\":\"ftp://hooks.example.com/x\"}",
                "url",
                "{\"description\":\"no url\"}",
                "url",
                "{\"url\":\"http://user:pw@hooks.example.com/x\"}",
                "url",
                "{\"url\":\"" + valid + "\",\"eventTypes\":[\"contact.created\"]}",
                "eventTypes",
                "{\"url\":\"" + valid + "\",\"description\":\"" + "x".repeat(501) + "\"}",
                "description",
                "{\"url\":\"not a url at all\"}",
                "url");
        bodies.forEach((body, field) -> {
            Response response = as(alice).post("/api/webhooks", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body()).contains(field);
        });
        assertThat(as(alice)
                        .post("/api/webhooks", "{\"url\":\"" + valid + "\",\"colour\":1}")
                        .status())
                .isEqualTo(400);
        assertThat(as(alice).post("/api/webhooks", "{not json").status()).isEqualTo(400);
        assertThat(as(alice)
                        .patch("/api/webhooks/" + endpointId, "{\"secret\":\"whsec_x\"}", Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(as(alice).get("/api/deliveries?status=LOST").status()).isEqualTo(400);
        assertThat(as(alice)
                        .get("/api/deliveries?cursor=%7B%22%24ne%22%3Anull%7D")
                        .status())
                .isEqualTo(400);
        assertThat(as(alice).get("/api/deliveries/%7B%22%24ne%22%3Anull%7D").status())
                .isEqualTo(404);
        assertThat(as(alice)
                        .post("/api/webhooks/" + endpointId + "/recover", "{}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void failedAttemptsAreRetriedOnTheScheduleWithTheSameWebhookId() {
        String owner = RelationshipEvents.newOwner("carol");
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver receiver = receiver().answer(r -> Answer.status(calls.incrementAndGet() <= 2 ? 500 : 204));
        String endpointId = endpoint(owner, receiver);

        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());

        received(receiver, 1);
        Instant first = clock.instant();
        JsonNode pending =
                awaitDelivery(owner, endpointId, d -> d.path("attempts").asInt() == 1);
        assertThat(pending.path("status").asString()).isEqualTo("PENDING");
        assertThat(pending.path("lastError").asString()).isEqualTo("HTTP 500");
        assertThat(Duration.between(
                        first, Instant.parse(pending.path("nextAttemptAt").asString())))
                .isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));

        clock.advance(Duration.ofSeconds(6));
        received(receiver, 2);
        Instant second = clock.instant();
        JsonNode again =
                awaitDelivery(owner, endpointId, d -> d.path("attempts").asInt() == 2);
        assertThat(Duration.between(
                        second, Instant.parse(again.path("nextAttemptAt").asString())))
                .isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));

        clock.advance(Duration.ofMinutes(6));
        List<Received> all = received(receiver, 3);
        awaitDelivery(owner, endpointId, d -> d.path("status").asString().equals("DELIVERED"));
        assertThat(all).extracting(Received::webhookId).containsOnly(all.get(0).webhookId());
        assertThat(all).allMatch(Received::signatureValid);
        assertThat(all).extracting(Received::timestamp).doesNotHaveDuplicates();
    }

    @Test
    void retryAfterIsHonoured() {
        String owner = RelationshipEvents.newOwner("dave");
        WebhookReceiver receiver = receiver().answer(new Answer(429, "Retry-After", "120"));
        String endpointId = endpoint(owner, receiver);

        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());

        received(receiver, 1);
        Instant attempted = clock.instant();
        JsonNode pending =
                awaitDelivery(owner, endpointId, d -> d.path("attempts").asInt() == 1);
        assertThat(Instant.parse(pending.path("nextAttemptAt").asString())).isEqualTo(attempted.plusSeconds(120));
        assertThat(pending.path("responseStatus").asInt()).isEqualTo(429);
    }

    @Test
    void anExhaustedDeliveryFailsIsListedAndCanBeRetriedByHand() {
        String owner = RelationshipEvents.newOwner("erin");
        AtomicInteger status = new AtomicInteger(503);
        WebhookReceiver receiver = receiver().answer(r -> Answer.status(status.get()));
        String endpointId = endpoint(owner, receiver);

        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        for (int attempt = 1; attempt <= 8; attempt++) {
            received(receiver, attempt);
            int made = attempt;
            awaitDelivery(owner, endpointId, d -> d.path("attempts").asInt() == made);
            clock.advance(Duration.ofHours(11));
        }

        JsonNode failed = awaitDelivery(
                owner, endpointId, d -> d.path("status").asString().equals("FAILED"));
        assertThat(failed.path("attempts").asInt()).isEqualTo(8);
        assertThat(failed.path("attemptLog").size()).isEqualTo(8);
        assertThat(as(owner)
                        .get("/api/deliveries?status=FAILED")
                        .json()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asString())
                .isEqualTo(failed.path("id").asString());
        JsonNode event = notification(failed.path("id").asString());
        assertThat(event.path("type").asString()).isEqualTo("notification.failed");
        assertThat(SCHEMAS.violations(event)).isEmpty();
        assertThat(event.path("data").path("lastError").asString()).isEqualTo("HTTP 503");

        status.set(200);
        Response retried = as(owner).post("/api/deliveries/" + failed.path("id").asString() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        JsonNode delivered = awaitDelivery(
                owner, endpointId, d -> d.path("status").asString().equals("DELIVERED"));
        assertThat(delivered.path("attempts").asInt()).isEqualTo(9);
        assertThat(as(owner)
                        .post("/api/deliveries/" + failed.path("id").asString() + "/retry", "")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void goneDisablesTheEndpointAnnouncesItAndEmailsItsOwner() {
        String owner = RelationshipEvents.newOwner("frank");
        String address = owner + "@example.com";
        assertThat(as(owner)
                        .send(
                                "PUT",
                                "/api/preferences/me",
                                Map.of("content-type", "application/json"),
                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"" + address + "\",\"mode\":\"OFF\"}"))
                        .status())
                .isEqualTo(200);
        WebhookReceiver receiver = receiver().answer(Answer.status(410));
        String endpointId = endpoint(owner, receiver);

        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());

        await().atMost(WAIT)
                .until(() -> !as(owner)
                        .get("/api/webhooks/" + endpointId)
                        .json()
                        .path("enabled")
                        .asBoolean());
        JsonNode endpoint = as(owner).get("/api/webhooks/" + endpointId).json();
        assertThat(endpoint.path("disabledReason").asString()).isEqualTo("GONE");
        assertDisabledEventAndEmail(endpointId, address, "GONE");
        JsonNode failed = awaitDelivery(
                owner, endpointId, d -> d.path("status").asString().equals("FAILED"));
        assertThat(failed.path("responseStatus").asInt()).isEqualTo(410);
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabledAndItsOwnerToldHowToEnableItAgain() {
        String owner = RelationshipEvents.newOwner("gina");
        WebhookReceiver receiver = receiver().answer(Answer.status(500));
        String endpointId = endpoint(owner, receiver);

        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        await().atMost(WAIT)
                .until(() -> !as(owner)
                        .get("/api/webhooks/" + endpointId)
                        .json()
                        .path("failingSince")
                        .isMissingNode());
        clock.advance(Duration.ofDays(5).plusHours(1));
        events().publish("relationship.overdue", RelationshipEvents.newContactId(), owner, "OVERDUE", clock.instant());

        await().atMost(WAIT)
                .until(() -> !as(owner)
                        .get("/api/webhooks/" + endpointId)
                        .json()
                        .path("enabled")
                        .asBoolean());
        assertThat(as(owner)
                        .get("/api/webhooks/" + endpointId)
                        .json()
                        .path("disabledReason")
                        .asString())
                .isEqualTo("FAILING");
        // No preference set: the configured fallback address is told.
        MimeMessage email = assertDisabledEventAndEmail(endpointId, "ops@keepintouch.local", "FAILING");
        assertThat(email).isNotNull();

        // Enabled again by its owner: the streak is history, deliveries flow again.
        receiver.answer(Answer.status(204));
        Response enabled = as(owner).patch("/api/webhooks/" + endpointId, "{\"enabled\":true}", Map.of());
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("failingSince").isMissingNode()).isTrue();
        int before = receiver.received().size();
        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        await().atMost(WAIT).until(() -> receiver.received().size() > before);
    }

    MimeMessage assertDisabledEventAndEmail(String endpointId, String address, String reason) {
        JsonNode event = notification(endpointId);
        assertThat(event.path("type").asString()).isEqualTo("endpoint.disabled");
        assertThat(event.path("data").path("reason").asString()).isEqualTo(reason);
        assertThat(SCHEMAS.violations(event)).isEmpty();
        await().atMost(WAIT)
                .until(() -> MAIL.to(address).stream().anyMatch(m -> subject(m).contains(endpointId)));
        MimeMessage email = MAIL.to(address).stream()
                .filter(m -> subject(m).contains(endpointId))
                .findFirst()
                .orElseThrow();
        assertThat(Mailbox.text(email)).contains("\"enabled\": true").contains("/recover");
        return email;
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void afterARotationBothSecretsSignFor24HoursThenOnlyTheNewOne(CapturedOutput output) {
        String owner = RelationshipEvents.newOwner("hank");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(owner, receiver);
        String first = receiver.secrets().get(0);
        String before = receiver.received().isEmpty() ? null : "unexpected";
        assertThat(before).isNull();

        Response rotated = as(owner).post("/api/webhooks/" + endpointId + "/rotate-secret", "");
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().path("secret").asString();
        assertThat(WebhookSignature.isWellFormed(fresh)).isTrue();
        assertThat(Instant.parse(rotated.json().path("previousSecretExpiresAt").asString()))
                .isEqualTo(clock.instant().plus(Duration.ofHours(24)));

        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        Received during = received(receiver, 1).get(0);
        assertThat(during.signatureValid()).isTrue(); // the old secret verifies
        assertThat(during.signatureCount()).isEqualTo(2);
        receiver.verifyWith(fresh);
        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        assertThat(received(receiver, 2).get(1).signatureValid()).isTrue(); // and so does the new one

        clock.advance(Duration.ofHours(25));
        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        Received after = received(receiver, 3).get(2);
        assertThat(after.signatureCount()).isEqualTo(1);
        assertThat(after.signatureValid()).isTrue();
        // Shown once, in the answers; never in a log line.
        assertThat(output.getAll()).doesNotContain(first).doesNotContain(fresh).doesNotContain("whsec_");
    }

    @Test
    void recoverSendsWhatADisabledEndpointMissedAndNothingItAlreadyHad() {
        String owner = RelationshipEvents.newOwner("ivy");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(owner, receiver);
        Instant since = clock.instant();
        String first = events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", since);
        received(receiver, 1);
        assertThat(as(owner)
                        .patch("/api/webhooks/" + endpointId, "{\"enabled\":false}", Map.of())
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(5));
        String second = events().publish(
                        "relationship.overdue", RelationshipEvents.newContactId(), owner, "OVERDUE", clock.instant());
        String third = events().publish(
                        "relationship.non_responsive",
                        RelationshipEvents.newContactId(),
                        owner,
                        "NON_RESPONSIVE",
                        clock.instant());
        await().atMost(WAIT)
                .until(() -> as(owner)
                                .get("/api/deliveries?endpointId=" + endpointId)
                                .json()
                                .path("items")
                                .size()
                        == 1);
        assertThat(as(owner)
                        .post("/api/webhooks/" + endpointId + "/recover", "{\"since\":\"" + since + "\"}")
                        .status())
                .isEqualTo(409); // disabled: enable it first

        as(owner).patch("/api/webhooks/" + endpointId, "{\"enabled\":true}", Map.of());
        await().atMost(WAIT).until(() -> {
            Response recovered =
                    as(owner).post("/api/webhooks/" + endpointId + "/recover", "{\"since\":\"" + since + "\"}");
            return recovered.status() == 202
                    && recovered.json().path("messages").asInt() == 3;
        });

        List<String> ids =
                received(receiver, 3).stream().map(Received::webhookId).toList();
        assertThat(ids)
                .containsExactlyInAnyOrder(
                        "msg_" + first.replace("-", ""),
                        "msg_" + second.replace("-", ""),
                        "msg_" + third.replace("-", ""));
    }

    /**
     * A delivery its contact's erasure cancelled (here: in the moment before the erasure removed the
     * body and every instance knew of it) is neither sent again nor counted as pending.
     */
    @Test
    void recoverNeitherSendsNorCountsACancelledDelivery() {
        String owner = RelationshipEvents.newOwner("iris");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(owner, receiver);
        Instant since = clock.instant();
        events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", since);
        received(receiver, 1);
        await().atMost(WAIT)
                .until(() -> database.getCollection("deliveries")
                                .updateOne(
                                        Filters.and(
                                                Filters.eq("endpointId", endpointId),
                                                Filters.eq("status", "DELIVERED")),
                                        Updates.set("status", "CANCELLED"))
                                .getModifiedCount()
                        == 1);

        Response recovered =
                as(owner).post("/api/webhooks/" + endpointId + "/recover", "{\"since\":\"" + since + "\"}");

        assertThat(recovered.status()).as(recovered.body()).isEqualTo(202);
        assertThat(recovered.json().path("pending").asInt()).isZero();
        assertThat(recovered.json().path("messages").asInt()).isZero();
        assertThat(recovered.json().path("created").asInt()).isZero();
        assertThat(recovered.json().path("restarted").asInt()).isZero();
    }

    /** Recovering from the dawn of time would read every stored message: since is bounded, and says so. */
    @Test
    void recoverRefusesASinceOlderThanItsWindowInWords() {
        String owner = RelationshipEvents.newOwner("ike");
        String endpointId = endpoint(owner, receiver());

        for (String since : List.of(
                "1970-01-01T00:00:00Z",
                clock.instant().minus(Duration.ofDays(31)).toString())) {
            Response refused =
                    as(owner).post("/api/webhooks/" + endpointId + "/recover", "{\"since\":\"" + since + "\"}");

            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("since");
            assertThat(refused.json().path("errors").get(0).path("message").asString())
                    .isEqualTo("must be at most 30 days ago: older messages are not recovered");
        }
        assertThat(as(owner)
                        .post(
                                "/api/webhooks/" + endpointId + "/recover",
                                "{\"since\":\"" + clock.instant().minus(Duration.ofDays(29)) + "\"}")
                        .status())
                .isEqualTo(202);
    }

    @Test
    void aPingIsSentAsADelivery() {
        String owner = RelationshipEvents.newOwner("jack");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(owner, receiver, "relationship.due");

        Response ping = as(owner).post("/api/webhooks/" + endpointId + "/test", "");

        assertThat(ping.status()).isEqualTo(202);
        Received received = received(receiver, 1).get(0);
        assertThat(received.type()).isEqualTo("webhook.ping");
        assertThat(received.signatureValid()).isTrue();
        assertThat(received.webhookId()).isEqualTo(ping.json().path("webhookId").asString());
        await().atMost(WAIT)
                .until(() -> as(owner)
                        .get("/api/deliveries/" + ping.json().path("deliveryId").asString())
                        .json()
                        .path("status")
                        .asString()
                        .equals("DELIVERED"));
    }

    @Test
    void anEndpointThatHangsAndOneThatFailsNeverSlowAThird() {
        String owner = RelationshipEvents.newOwner("kim");
        WebhookReceiver hangs = receiver().answer(WebhookReceiver.HANG);
        WebhookReceiver fails = receiver().answer(Answer.status(500));
        WebhookReceiver healthy = receiver();
        endpoint(owner, hangs);
        endpoint(owner, fails);
        endpoint(owner, healthy);
        RelationshipEvents events = events();
        int count = 200;

        for (int i = 0; i < count; i++) {
            events.publish(
                    "relationship.due",
                    RelationshipEvents.newContactId(),
                    owner,
                    "Contact " + i,
                    "DUE",
                    clock.instant(),
                    false);
        }
        events.flush();

        List<Received> got = received(healthy, count);
        assertThat(got).hasSize(count).allMatch(Received::signatureValid);
        assertThat(hangs.hanging()).isPositive();
        assertThat(fails.received()).isNotEmpty();
        // All 200 arrived in less time than one hanging attempt takes to time out (3 s here).
        Duration spread =
                Duration.between(got.get(0).receivedAt(), got.get(count - 1).receivedAt());
        assertThat(spread).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theOperationsSummaryAndMetricsShowDeliveriesPerEndpoint() {
        String owner = RelationshipEvents.newOwner("lou");
        WebhookReceiver receiver = receiver();
        String endpointId = endpoint(owner, receiver);
        for (int i = 0; i < 3; i++) {
            events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
        }
        received(receiver, 3);
        await().atMost(WAIT)
                .until(() -> as(owner)
                                .get("/api/deliveries?status=DELIVERED&endpointId=" + endpointId)
                                .json()
                                .path("items")
                                .size()
                        == 3);

        assertThat(as(owner).get("/api/ops/summary").status()).isEqualTo(403);
        await().atMost(WAIT).until(() -> {
            JsonNode summary = as("ops-1", "ops").get("/api/ops/summary").json();
            for (JsonNode endpoint : summary.path("endpoints")) {
                if (endpoint.path("id").asString().equals(endpointId)) {
                    return endpoint.path("deliveries").path("DELIVERED").asLong() == 3
                            && endpoint.path("circuitState").asString().equals("CLOSED")
                            && summary.path("relationshipsByStatus").path("DUE").asLong() >= 3;
                }
            }
            return false;
        });
        String metrics = HttpApi.at(port).get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("kit_notifier_deliveries_total{")
                .contains("endpoint=\"" + endpointId + "\"")
                .contains("outcome=\"delivered\"")
                .contains("kit_notifier_attempt_latency_seconds_bucket{")
                .contains("kit_notifier_queue{")
                .contains("resilience4j_circuitbreaker_state{");
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextEventStillArrives() {
        String owner = RelationshipEvents.newOwner("max");
        WebhookReceiver receiver = receiver();
        endpoint(owner, receiver);
        String key = RelationshipEvents.newContactId();
        try (KafkaProbe dlt = KafkaProbe.subscribe("relationships.v1.DLT")) {
            kafka.send("relationships.v1", key, "{not an event").join();
            String eventId = events().publish("relationship.due", key, owner, "DUE", clock.instant());

            assertThat(received(receiver, 1).get(0).webhookId()).isEqualTo("msg_" + eventId.replace("-", ""));
            assertThat(dlt.await(1, r -> key.equals(r.key()), WAIT).get(0).value())
                    .isEqualTo("{not an event");
        }
    }
}
