package com.keepintouch.interaction.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.interaction.SealedEvents;
import com.keepintouch.interaction.contacts.ContactEventsFixture;
import com.keepintouch.interaction.contacts.ContactServiceStandIn;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The interactions API over real HTTP, real Kafka and the Mongo wire server, with contact-service stood in by a real HTTP server. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class InteractionApiIT {

    /** Every query this test made the service send is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(
                List.of("interactions", "contact_sequences", "interaction_external_ids", "known_contacts"));
    }

    static final ContactServiceStandIn CONTACT_SERVICE = new ContactServiceStandIn();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void contactService(DynamicPropertyRegistry registry) {
        registry.add("kit.contacts.base-url", CONTACT_SERVICE::url);
    }

    @AfterAll
    static void stop() {
        CONTACT_SERVICE.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    PersonalData personalData;

    @Autowired
    MongoDatabase database;

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    static String newId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    static String touch(String contactId, String type) {
        return "{\"contactId\":\"" + contactId + "\",\"type\":\"" + type + "\",\"summary\":\"coffee\"}";
    }

    String knownContact(String owner) {
        String id = newId();
        ContactEventsFixture.publish(kafka, "contact.created", id, owner, 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        as(owner).post("/api/interactions", touch(id, "NOTE")).status() == 201);
        return id;
    }

    @Test
    void aContactSeenOnContactsTopicIsRecordedAndTheEventLeavesKeyedByContact() {
        String contactId = knownContact("alice");
        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            Response created = as("alice")
                    .post(
                            "/api/interactions",
                            "{\"contactId\":\"" + contactId
                                    + "\",\"type\":\"ARTICLE_SHARED\",\"direction\":\"OUTBOUND\","
                                    + "\"occurredAt\":\"2026-05-01T10:00:00Z\",\"summary\":\"Sent the RoboConf talk\"}");

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asString();
            assertThat(created.header("Location")).hasValue("/api/interactions/" + id);
            assertThat(created.json().path("ownerId").asString()).isEqualTo("alice");

            ConsumerRecord<String, String> record = probe.await(
                            1, r -> r.value().contains(id), Duration.ofSeconds(20))
                    .get(0);
            assertThat(record.key()).isEqualTo(contactId);
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.path("type").asString()).isEqualTo("interaction.recorded");
            assertThat(EventSchemas.load().violations(event)).isEmpty();
        }
    }

    @Test
    void anArticleSharedCarriesItsShareableAndUrlOnGetAndOnTheEventAndNoOtherTypeMay() {
        String contactId = knownContact("alice");
        String url = "https://example.com/articles/the-courage-to-advertise-without-female-stereotypes?ref="
                + "x".repeat(600);
        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            Response created = as("alice")
                    .post(
                            "/api/interactions",
                            "{\"contactId\":\"" + contactId + "\",\"type\":\"ARTICLE_SHARED\","
                                    + "\"shareableId\":\"sh_0190a1b2c3d4e5f6a7b8c9d0\",\"url\":\" " + url + " \"}");

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asString();
            JsonNode read = as("alice").get("/api/interactions/" + id).json();
            assertThat(read.path("shareableId").asString()).isEqualTo("sh_0190a1b2c3d4e5f6a7b8c9d0");
            assertThat(read.path("url").asString()).isEqualTo(url);

            JsonNode event = JSON.readTree(probe.await(1, r -> r.value().contains(id), Duration.ofSeconds(20))
                    .get(0)
                    .value());
            assertThat(EventSchemas.load().violations(event)).isEmpty();
            assertThat(event.path("data").path("shareableId").asString()).isEqualTo("sh_0190a1b2c3d4e5f6a7b8c9d0");
            assertThat(event.path("data").has("url")).as("sealed").isFalse();
            assertThat(SealedEvents.openedData(personalData, event).path("url").asString())
                    .isEqualTo(url);
        }

        Response call = as("alice")
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"url\":\"https://example.com\"}");
        assertThat(call.status()).isEqualTo(400);
        assertThat(call.json().path("detail").asString())
                .isEqualTo("url: only an ARTICLE_SHARED interaction may carry a url; this one is CALL");
        Response relative = as("alice")
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId + "\",\"type\":\"ARTICLE_SHARED\",\"url\":\"/articles/1\"}");
        assertThat(relative.status()).isEqualTo(400);
        assertThat(relative.json().path("detail").asString()).isEqualTo("url: must be an absolute http or https URL");
    }

    @Test
    void anUnseenContactIsLookedUpOnceAtContactService() {
        String contactId = newId();
        CONTACT_SERVICE.knows(contactId, "alice");
        int before = CONTACT_SERVICE.lookups();

        assertThat(as("alice")
                        .post("/api/interactions", touch(contactId, "CALL"))
                        .status())
                .isEqualTo(201);
        assertThat(as("alice")
                        .post("/api/interactions", touch(contactId, "EMAIL"))
                        .status())
                .isEqualTo(201);

        assertThat(CONTACT_SERVICE.lookups() - before).isEqualTo(1);
    }

    @Test
    void foreignUnknownAndDeletedContactsAre404() {
        String bobs = newId();
        CONTACT_SERVICE.knows(bobs, "bob");
        assertThat(as("alice").post("/api/interactions", touch(bobs, "CALL")).status())
                .isEqualTo(404);
        assertThat(as("alice").post("/api/interactions", touch(newId(), "CALL")).status())
                .isEqualTo(404);

        String known = knownContact("bob");
        assertThat(as("alice").post("/api/interactions", touch(known, "CALL")).status())
                .isEqualTo(404);

        ContactEventsFixture.publish(kafka, "contact.deleted", known, "bob", 2);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as("bob")
                                .post("/api/interactions", touch(known, "CALL"))
                                .status()
                        == 404);
        // a replayed older event does not bring it back
        ContactEventsFixture.publish(kafka, "contact.created", known, "bob", 1);
        assertThat(as("bob").post("/api/interactions", touch(known, "CALL")).status())
                .isEqualTo(404);
    }

    @Test
    void badInputIs400NamingTheField() {
        String contactId = knownContact("alice");
        String future = Instant.now().plus(10, ChronoUnit.MINUTES).toString();

        Response tooLate = as("alice")
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"occurredAt\":\"" + future + "\"}");
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(tooLate.json().path("errors").get(0).path("field").asString())
                .isEqualTo("occurredAt");

        assertThat(as("alice")
                        .post("/api/interactions", "{\"contactId\":\"" + contactId + "\"}")
                        .status())
                .isEqualTo(400);
        Response badType = as("alice").post("/api/interactions", touch(contactId, "TELEPATHY"));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().path("errors").get(0).path("field").asString())
                .isEqualTo("type");
        assertThat(as("alice").post("/api/interactions", "{\"contactId\":").status())
                .isEqualTo(400);
        assertThat(as("alice")
                        .post("/api/interactions", "{\"contactId\":{\"$ne\":null},\"type\":\"CALL\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aPostedInteractionIsApiAndAnswersNothingAndClientsMayNotSayOtherwise() {
        String contactId = knownContact("alice");

        Response posted = as("alice")
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId
                                + "\",\"type\":\"CALL\",\"source\":\"API\",\"inReplyTo\":null}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.json().path("source").asString()).isEqualTo("API");
        assertThat(posted.json().path("inReplyTo").isNull()).isTrue();
        JsonNode read = as("alice")
                .get("/api/interactions/" + posted.json().path("id").asString())
                .json();
        assertThat(read.path("source").asString()).isEqualTo("API");
        assertThat(read.has("inReplyTo")).isTrue();

        Response mailbox = as("alice")
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId + "\",\"type\":\"EMAIL\",\"source\":\"MAILBOX\"}");
        assertThat(mailbox.status()).isEqualTo(400);
        assertThat(mailbox.json().path("errors").get(0).path("field").asString())
                .isEqualTo("source");
        Response reply = as("alice")
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId + "\",\"type\":\"EMAIL\",\"inReplyTo\":"
                                + "{\"interactionId\":\"i_0190a1b2c3d4e5f6a7b8c9d0\",\"occurredAt\":\"2026-05-01T10:00:00Z\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("errors").get(0).path("field").asString()).isEqualTo("inReplyTo");
        assertThat(reply.json().path("detail").asString()).contains("set by the service");
    }

    @Test
    void theSameExternalIdReturnsTheFirstInteraction() {
        String contactId = knownContact("alice");
        String body = "{\"contactId\":\"" + contactId + "\",\"type\":\"EMAIL\",\"externalId\":\"gmail-"
                + UUID.randomUUID() + "\"}";

        Response first = as("alice").post("/api/interactions", body);
        Response second = as("alice").post("/api/interactions", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
    }

    @Test
    void anExternalIdWhoseInteractionWasDeletedRecordsANewOne() {
        String contactId = knownContact("alice");
        String body = "{\"contactId\":\"" + contactId + "\",\"type\":\"EMAIL\",\"externalId\":\"gmail-"
                + UUID.randomUUID() + "\"}";
        Response first = as("alice").post("/api/interactions", body);
        assertThat(as("alice")
                        .delete("/api/interactions/" + first.json().path("id").asString())
                        .status())
                .isEqualTo(204);

        Response again = as("alice").post("/api/interactions", body);

        assertThat(again.status()).isEqualTo(201);
        String id = again.json().path("id").asString();
        assertThat(id).isNotEqualTo(first.json().path("id").asString());
        assertThat(as("alice").post("/api/interactions", body).json().path("id").asString())
                .as("the new one holds the externalId now")
                .isEqualTo(id);
    }

    /**
     * The holder of an externalId gone between its claim and its read (here: anonymised by an
     * erasure while its claim still names it) records a new interaction, never a 500.
     */
    @Test
    void anExternalIdWhoseInteractionWasErasedUnderItsClaimRecordsANewOne() {
        String contactId = knownContact("alice");
        String body = "{\"contactId\":\"" + contactId + "\",\"type\":\"EMAIL\",\"externalId\":\"gmail-"
                + UUID.randomUUID() + "\"}";
        String firstId =
                as("alice").post("/api/interactions", body).json().path("id").asString();
        database.getCollection("interactions").updateOne(Filters.eq("_id", firstId), Updates.set("erased", true));

        Response again = as("alice").post("/api/interactions", body);

        assertThat(again.status()).as(again.body()).isEqualTo(201);
        String id = again.json().path("id").asString();
        assertThat(id).isNotEqualTo(firstId);
        assertThat(as("alice").post("/api/interactions", body).json().path("id").asString())
                .as("the new one holds the externalId now")
                .isEqualTo(id);
    }

    @Test
    void anUnknownTypeInABatchFailsThatItemAloneAndSaysWhatTypeMustBe() {
        String contactId = knownContact("alice");

        Response batch = as("alice")
                .post(
                        "/api/interactions/batch",
                        "{\"items\":[" + touch(contactId, "TELEPATHY") + "," + touch(contactId, "CALL") + ",42]}");

        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().path("results").findValues("status"))
                .extracting(JsonNode::asInt)
                .containsExactly(400, 201, 400);
        JsonNode problem = batch.json().path("results").get(0).path("problem");
        assertThat(problem.path("detail").asString()).startsWith("type: must be one of [");
        assertThat(problem.path("detail").asString()).endsWith(", not \"TELEPATHY\"");
        assertThat(batch.body()).doesNotContain("com.keepintouch", "java.", "Cannot deserialize");
        Response single = as("alice").post("/api/interactions", touch(contactId, "TELEPATHY"));
        assertThat(single.json().path("detail").asString())
                .isEqualTo(problem.path("detail").asString());
    }

    @Test
    void aBatchAnswersForEveryItem() {
        String contactId = knownContact("alice");

        Response batch = as("alice")
                .post(
                        "/api/interactions/batch",
                        "{\"items\":[" + touch(contactId, "CALL") + "," + touch(newId(), "CALL") + ",{\"contactId\":\""
                                + contactId + "\"}]}");

        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().path("results").findValues("status"))
                .extracting(JsonNode::asInt)
                .containsExactly(201, 404, 400);
        assertThat(batch.json().path("succeeded").asInt()).isEqualTo(1);
        assertThat(batch.json()
                        .path("results")
                        .get(2)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("type");

        StringBuilder tooMany = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 501; i++) {
            tooMany.append(i == 0 ? "" : ",").append(touch(contactId, "NOTE"));
        }
        assertThat(as("alice").post("/api/interactions/batch", tooMany + "]}").status())
                .isIn(400, 413);
    }

    @Test
    void listsNewestFirstWithPagesFiltersAndOwnership() {
        String contactId = knownContact("carol");
        for (int day = 1; day <= 5; day++) {
            as("carol")
                    .post(
                            "/api/interactions",
                            "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\"," + "\"occurredAt\":\"2026-0" + day
                                    + "-15T10:00:00Z\"}");
        }
        Response first = as("carol")
                .get("/api/interactions?contactId=" + contactId
                        + "&from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z&limit=3");
        assertThat(first.json().path("items").findValuesAsString("occurredAt"))
                .containsExactly("2026-05-15T10:00:00Z", "2026-04-15T10:00:00Z", "2026-03-15T10:00:00Z");
        Response second = as("carol")
                .get("/api/interactions?contactId=" + contactId
                        + "&from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z&limit=3&cursor="
                        + first.json().path("nextCursor").asString());
        assertThat(second.json().path("items").findValuesAsString("occurredAt"))
                .containsExactly("2026-02-15T10:00:00Z", "2026-01-15T10:00:00Z");
        assertThat(as("carol")
                        .get("/api/interactions?contactId=" + contactId + "&to=2026-02-01T00:00:00Z")
                        .json()
                        .path("items")
                        .findValuesAsString("occurredAt"))
                .containsExactly("2026-01-15T10:00:00Z");

        assertThat(as("mallory")
                        .get("/api/interactions?contactId=" + contactId)
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(as("carol").get("/api/interactions?from=yesterday").status()).isEqualTo(400);
        assertThat(as("carol").get("/api/interactions?cursor=nonsense").status())
                .isEqualTo(400);
    }

    @Test
    void deletingEmitsInteractionDeletedAndTheInteractionIsGone() {
        String contactId = knownContact("alice");
        String id = as("alice")
                .post("/api/interactions", touch(contactId, "MEETING"))
                .json()
                .path("id")
                .asString();
        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            assertThat(as("bob").delete("/api/interactions/" + id).status()).isEqualTo(404);
            assertThat(as("alice").delete("/api/interactions/" + id).status()).isEqualTo(204);
            assertThat(as("alice").get("/api/interactions/" + id).status()).isEqualTo(404);

            List<ConsumerRecord<String, String>> events =
                    probe.await(2, r -> r.value().contains(id), Duration.ofSeconds(20));
            List<JsonNode> parsed =
                    events.stream().map(r -> JSON.readTree(r.value())).toList();
            assertThat(parsed)
                    .extracting(e -> e.path("type").asString())
                    .containsExactly("interaction.recorded", "interaction.deleted");
            assertThat(parsed.get(1).path("sequence").asLong())
                    .isGreaterThan(parsed.get(0).path("sequence").asLong());
            parsed.forEach(e -> assertThat(EventSchemas.load().violations(e)).isEmpty());
        }
    }
}
