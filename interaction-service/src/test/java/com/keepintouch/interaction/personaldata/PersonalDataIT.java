package com.keepintouch.interaction.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.CapturedInteractions;
import com.keepintouch.interaction.capture.CapturedMessage;
import com.keepintouch.interaction.capture.MessageCapture;
import com.keepintouch.interaction.capture.MessageHeaders;
import com.keepintouch.interaction.capture.MessageHeaders.Parsed;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ContactEventsFixture;
import com.keepintouch.interaction.contacts.ContactServiceStandIn;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.personal.ContactKeys;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
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

/**
 * The erasure of a person inside interaction-service, on real Kafka and the Mongo wire server:
 * contact.created (sealed, as contact-service publishes it) makes a contact with interactions,
 * captured mail and a planned touch; contact.erased wipes and anonymises all of it, answers 404
 * for it everywhere, confirms on erasures.v1, and a replay of the contact's events changes nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class PersonalDataIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ContactServiceStandIn CONTACT_SERVICE = new ContactServiceStandIn();
    static final DateTimeFormatter ICS_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @DynamicPropertySource
    static void contactService(DynamicPropertyRegistry registry) {
        registry.add("kit.contacts.base-url", CONTACT_SERVICE::url);
    }

    @AfterAll
    static void everyQueryUsesAnIndex() {
        CONTACT_SERVICE.close();
        QueryLog.assertServedByIndexes(List.of(
                "interactions",
                "contact_sequences",
                "interaction_external_ids",
                "known_contacts",
                "capture_unmatched",
                "planned_touches",
                "erasure_confirmations"));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    PersonalData personalData;

    @Autowired
    ContactKeys contactKeys;

    @Autowired
    MessageCapture capture;

    @Autowired
    MongoDatabase database;

    @Autowired
    ContactDirectory directory;

    @Autowired
    CapturedInteractions captured;

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    static CapturedMessage message(String headerBlock) throws Exception {
        InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(
                (headerBlock.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return ((Parsed.Valid) MessageHeaders.parse(headers)).message();
    }

    /** Read as the service's own index serves them: by owner and contact. */
    List<Document> interactionsOf(String ownerId, String contactId) {
        return database.getCollection("interactions")
                .find(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("contactId", contactId)))
                .into(new ArrayList<>());
    }

    @Test
    void anErasedContactIsWipedAnonymisedConfirmedAnd404EverywhereAndAReplayChangesNothing() throws Exception {
        String owner = newId("o");
        String ownerAddress = owner + "@recruit.example";
        String jill = newId("c_");
        String jillAddress = "jill-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        // mail to Jill before she is a contact: kept, her address as a hash only
        String earlyMail = UUID.randomUUID() + "@mail.example.com";
        capture.capture(
                owner,
                Set.of(ownerAddress),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Offer for Jill"
                        .formatted(earlyMail, ownerAddress, jillAddress)),
                CaptureSource.MAILBOX);
        assertThat(unmatchedNaming(owner, jillAddress)).isEqualTo(1);

        ContactEventsFixture.publishSealed(
                kafka, personalData, "contact.created", jill, owner, 1, List.of(jillAddress));
        // the kept mail becomes her interaction once she is known
        await().atMost(Duration.ofSeconds(20))
                .until(() -> interactionsOf(owner, jill).size() == 1);
        Response posted = as(owner)
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + jill
                                + "\",\"type\":\"ARTICLE_SHARED\",\"summary\":\"Sent Jill the talk\","
                                + "\"externalId\":\"crm-" + jill + "\",\"url\":\"https://example.com/talk\"}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        String postedId = posted.json().path("id").asString();
        Instant ahead = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Response imported = as(owner)
                .send(
                        "POST",
                        "/api/interactions/import",
                        Map.of("Content-Type", "text/calendar"),
                        BodyPublishers.ofString(String.join(
                                "\r\n",
                                "BEGIN:VCALENDAR",
                                "VERSION:2.0",
                                "PRODID:-//kit//tests//EN",
                                "BEGIN:VEVENT",
                                "UID:" + UUID.randomUUID(),
                                "DTSTAMP:20260101T000000Z",
                                "DTSTART:" + ICS_TIME.format(ahead),
                                "DTEND:" + ICS_TIME.format(ahead.plusSeconds(3600)),
                                "SUMMARY:Lunch with Jill",
                                "ATTENDEE;CN=Jill;ROLE=REQ-PARTICIPANT:mailto:" + jillAddress,
                                "END:VEVENT",
                                "END:VCALENDAR",
                                "")));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().path("plannedTouches").asInt()).isEqualTo(1);

        JsonNode before = as(owner).get("/api/personal-data/" + jill).json();
        assertThat(before.path("interactions")).hasSize(2);
        assertThat(before.path("plannedTouches")).hasSize(1);
        assertThat(before.path("addresses").get(0).asString()).isEqualTo(jillAddress);

        assertThat(database.getCollection("interaction_external_ids")
                        .countDocuments(Filters.in(
                                "_id",
                                List.of(
                                        owner + "\n" + "crm-" + jill,
                                        owner + "\n" + MessageCapture.externalId(jill, earlyMail)))))
                .isEqualTo(2);

        String erasureId = newId("er_");
        try (KafkaProbe probe = KafkaProbe.subscribe("erasures.v1")) {
            contactKeys.erase(jill);
            ContactEventsFixture.publishErased(kafka, jill, owner, 2, erasureId);

            ConsumerRecord<String, String> record = probe.await(
                            1, r -> r.value().contains(erasureId), Duration.ofSeconds(30))
                    .get(0);
            assertThat(record.key()).isEqualTo(jill);
            JsonNode confirmed = JSON.readTree(record.value());
            assertThat(EventSchemas.load().violations(confirmed)).isEmpty();
            assertThat(confirmed.path("type").asString()).isEqualTo("erasure.confirmed");
            JsonNode data = confirmed.path("data");
            assertThat(data.path("service").asString()).isEqualTo("interaction-service");
            assertThat(data.path("contactId").asString()).isEqualTo(jill);
            assertThat(data.path("ownerId").asString()).isEqualTo(owner);
            assertThat(data.path("removed").path("interactions").asLong()).isEqualTo(2);
            assertThat(data.path("removed").path("plannedTouches").asLong()).isEqualTo(1);
            assertThat(data.path("removed").path("unmatchedMessages").asLong()).isEqualTo(1);
        }

        assertWiped(owner, jill, jillAddress, List.of("crm-" + jill, MessageCapture.externalId(jill, earlyMail)));
        assertAll404(owner, jill, postedId);

        // a replay of her events (in the clear from before sealing, or sealed under the erased key)
        // and a lookup at contact-service, which still knew her, bring nothing back
        CONTACT_SERVICE.knows(jill, owner, List.of(jillAddress));
        ContactEventsFixture.publish(kafka, "contact.created", jill, owner, 1, List.of(jillAddress));
        ContactEventsFixture.publish(kafka, "contact.updated", jill, owner, 7, List.of(jillAddress));
        String again = newId("er_");
        try (KafkaProbe probe = KafkaProbe.subscribe("erasures.v1")) {
            // the same erasure redelivered confirms again (behind the replays on the contact's partition)
            ContactEventsFixture.publishErased(kafka, jill, owner, 2, again);
            probe.await(1, r -> r.value().contains(again), Duration.ofSeconds(30));
        }
        assertWiped(owner, jill, jillAddress, List.of("crm-" + jill, MessageCapture.externalId(jill, earlyMail)));
        assertAll404(owner, jill, postedId);
        Document tombstone = database.getCollection("known_contacts")
                .find(Filters.eq("_id", jill))
                .first();
        assertThat(tombstone.getLong("version")).isEqualTo(2L);
    }

    @Test
    void aContactErasedInTheKeyringButStillKnownToContactServiceIs404NotAnError() {
        String owner = newId("o");
        String contactId = newId("c_");
        CONTACT_SERVICE.knows(contactId, owner);
        contactKeys.erase(contactId);

        Response refused = as(owner)
                .post(
                        "/api/interactions",
                        "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"summary\":\"hi\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(interactionsOf(owner, contactId)).isEmpty();
    }

    @Test
    void aContactFirstSeenErasedIsATombstoneAndNeverUsable() {
        String owner = newId("o");
        String contactId = newId("c_");
        contactKeys.erase(contactId);
        // created and updated published in the clear, read after the key is gone
        ContactEventsFixture.publish(
                kafka, "contact.created", contactId, owner, 1, List.of("x-" + contactId + "@example.com"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> database.getCollection("known_contacts")
                                .find(Filters.eq("_id", contactId))
                                .first()
                        != null);
        Document tombstone = database.getCollection("known_contacts")
                .find(Filters.eq("_id", contactId))
                .first();
        assertThat(tombstone.getBoolean("erased")).isTrue();
        assertThat(tombstone.getList("emails", String.class)).isEmpty();
        assertThat(as(owner).get("/api/interactions?contactId=" + contactId).status())
                .isEqualTo(404);
        assertThat(as(owner).get("/api/personal-data/" + contactId).status()).isEqualTo(404);
    }

    @Test
    void theExportHoldsEveryInteractionDeletedOnesTooForTheOwnerOrAnAdminOnly() {
        String owner = newId("o");
        String contactId = newId("c_");
        String address = "pat-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        ContactEventsFixture.publishSealed(
                kafka, personalData, "contact.created", contactId, owner, 1, List.of(address));
        String call = "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"summary\":\"Called Pat\"}";
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(owner).post("/api/interactions", call).status() == 201);
        String kept = as(owner)
                .post("/api/interactions", call.replace("CALL", "MEETING"))
                .json()
                .path("id")
                .asString();
        String deleted = as(owner)
                .post("/api/interactions", call.replace("CALL", "NOTE"))
                .json()
                .path("id")
                .asString();
        assertThat(as(owner).delete("/api/interactions/" + deleted).status()).isEqualTo(204);

        Response export = as(owner).get("/api/personal-data/" + contactId);

        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode section = export.json();
        assertThat(section.path("interactions")).hasSize(3);
        for (JsonNode i : section.path("interactions")) {
            assertThat(i.path("contactId").asString()).isEqualTo(contactId);
            assertThat(i.path("summary").asString()).isEqualTo("Called Pat");
            assertThat(i.path("deleted").asBoolean())
                    .isEqualTo(i.path("id").asString().equals(deleted));
        }
        JsonNode meeting = java.util.stream.StreamSupport.stream(
                        section.path("interactions").spliterator(), false)
                .filter(i -> i.path("id").asString().equals(kept))
                .findFirst()
                .orElseThrow();
        // each item as GET /api/interactions/{id} answers it, plus whether it was deleted
        JsonNode single = as(owner).get("/api/interactions/" + kept).json();
        single.properties()
                .forEach(field -> assertThat(meeting.get(field.getKey()))
                        .as(field.getKey())
                        .isEqualTo(field.getValue()));
        assertThat(section.path("plannedTouches")).isEmpty();
        assertThat(section.path("addresses").get(0).asString()).isEqualTo(address);

        assertThat(HttpApi.at(port)
                        .as(TestTokens.token("someone-else", "admin"))
                        .get("/api/personal-data/" + contactId)
                        .json()
                        .path("interactions"))
                .hasSize(3);
        assertThat(as("someone-else").get("/api/personal-data/" + contactId).status())
                .isEqualTo(404);
        // scopes before ownership: ops is refused outright, for a known contact and an unknown one alike
        for (String asked : List.of(contactId, newId("c_"))) {
            Response ops =
                    HttpApi.at(port).as(TestTokens.token("an-operator", "ops")).get("/api/personal-data/" + asked);
            assertThat(ops.status()).isEqualTo(403);
            assertThat(ops.contentType()).startsWith("application/problem+json");
        }
        Response unknown = as(owner).get("/api/personal-data/" + newId("c_"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().path("interactions")).isEmpty();
    }

    /**
     * The insert race: a touch whose contact was looked up (live) before the erasure, stored after
     * ContactErasure anonymised the contact's interactions and confirmed. Sealing does not stop it:
     * contact-service stages contact.erased before it erases the key, and another instance may hold
     * the key cached. The contact held here is that earlier lookup, the projection a tombstone by the
     * time the store runs; the check after the insert anonymises what it stored and answers 404.
     */
    @Test
    void anInteractionStoredAfterItsContactWasErasedIsAnonymisedAnd404SingleAndBatch() {
        String owner = newId("o");
        String contactId = newId("c_");
        String address = "pat-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        ContactEventsFixture.publishSealed(
                kafka, personalData, "contact.created", contactId, owner, 1, List.of(address));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        directory.projected(contactId).filter(c -> !c.deleted()).isPresent());
        KnownContact lookedUp = directory.projected(contactId).orElseThrow(); // before the erasure

        String erasureId = newId("er_");
        try (KafkaProbe probe = KafkaProbe.subscribe("erasures.v1")) {
            // the key is still there (contact-service erases it after staging contact.erased)
            ContactEventsFixture.publishErased(kafka, contactId, owner, 2, erasureId);
            probe.await(1, r -> r.value().contains(erasureId), Duration.ofSeconds(30));
        }
        assertThat(directory.erased(contactId)).isTrue();
        assertThat(interactionsOf(owner, contactId)).isEmpty();

        String single = "late-" + contactId;
        assertThatThrownBy(() -> captured.record(
                        lookedUp,
                        new InteractionDraft(
                                contactId, InteractionType.CALL, null, null, "Called Pat about the offer", single),
                        CaptureSource.API,
                        null))
                .isInstanceOfSatisfying(
                        RequestRefused.class, r -> assertThat(r.reason()).isEqualTo(RequestRefused.Reason.NOT_FOUND));
        String batched = "late-batch-" + contactId;
        List<CapturedInteractions.Result> results = captured.recordAll(List.of(new CapturedInteractions.Touch(
                lookedUp,
                new InteractionDraft(contactId, InteractionType.EMAIL, null, null, "Re: Pat's offer", batched),
                CaptureSource.MAILBOX,
                null)));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).recorded()).isNull();
        assertThat(results.get(0).refused().reason()).isEqualTo(RequestRefused.Reason.NOT_FOUND);

        List<Document> stored = interactionsOf(owner, contactId);
        assertThat(stored).hasSize(2).allSatisfy(i -> {
            assertThat(i.getBoolean("erased")).isTrue();
            assertThat(i).doesNotContainKeys("summary", "externalId", "url", "summaryOccurredAt", "inReplyTo");
            assertThat(i).containsKeys("type", "direction", "occurredAt");
        });
        assertThat(database.getCollection("interaction_external_ids")
                        .countDocuments(Filters.in("_id", List.of(owner + "\n" + single, owner + "\n" + batched))))
                .isZero();
        assertThat(as(owner).get("/api/interactions?contactId=" + contactId).status())
                .isEqualTo(404);
        as(owner)
                .get("/api/interactions")
                .json()
                .path("items")
                .forEach(i -> assertThat(i.path("contactId").asString()).isNotEqualTo(contactId));
    }

    long unmatchedNaming(String ownerId, String address) {
        return database.getCollection("capture_unmatched")
                .countDocuments(Filters.and(
                        Filters.eq("ownerId", ownerId),
                        Filters.eq("addressHashes", KnownContact.addressHash(address))));
    }

    void assertWiped(String owner, String contactId, String address, List<String> externalIds) {
        Document tombstone = database.getCollection("known_contacts")
                .find(Filters.eq("_id", contactId))
                .first();
        assertThat(tombstone.getBoolean("erased")).isTrue();
        assertThat(tombstone.getBoolean("deleted")).isTrue();
        assertThat(tombstone.getList("emails", String.class)).isEmpty();
        assertThat(tombstone).doesNotContainKey("pendingAddressHashes");
        assertThat(tombstone.toJson()).doesNotContain(address);

        List<Document> interactions = interactionsOf(owner, contactId);
        assertThat(interactions).hasSize(2).allSatisfy(i -> {
            assertThat(i.getBoolean("erased")).isTrue();
            assertThat(i).doesNotContainKeys("summary", "externalId", "url", "summaryOccurredAt", "inReplyTo");
            assertThat(i).containsKeys("type", "direction", "occurredAt");
        });
        // their externalIds are given up: the claims named them
        assertThat(database.getCollection("interaction_external_ids")
                        .countDocuments(Filters.in(
                                "_id",
                                externalIds.stream().map(e -> owner + "\n" + e).toList())))
                .isZero();
        List<Document> planned = database.getCollection("planned_touches")
                .find(Filters.and(Filters.eq("ownerId", owner), Filters.eq("contactId", contactId)))
                .into(new ArrayList<>());
        assertThat(planned).hasSize(1).allSatisfy(t -> {
            assertThat(t).doesNotContainKeys("summary", "externalId");
            assertThat(t.getBoolean("cancelled")).isTrue();
        });
        assertThat(unmatchedNaming(owner, address)).isZero();
    }

    void assertAll404(String owner, String contactId, String interactionId) {
        assertThat(as(owner).get("/api/interactions?contactId=" + contactId).status())
                .isEqualTo(404);
        assertThat(as(owner).get("/api/interactions/" + interactionId).status()).isEqualTo(404);
        assertThat(as(owner).delete("/api/interactions/" + interactionId).status())
                .isEqualTo(404);
        assertThat(as(owner)
                        .post(
                                "/api/interactions",
                                "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"summary\":\"again\"}")
                        .status())
                .isEqualTo(404);
        assertThat(as(owner).get("/api/personal-data/" + contactId).status()).isEqualTo(404);
        JsonNode list = as(owner).get("/api/interactions").json();
        list.path("items")
                .forEach(i -> assertThat(i.path("contactId").asString()).isNotEqualTo(contactId));
    }
}
