package com.keepintouch.contact.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.contact.contacts.ContactManagement;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * An erasure left unfinished by a crash (its record stored, its steps not or only partly carried
 * out) is finished by the resume sweep: the contact wiped, its key erased, its confirmation sent,
 * with no step done twice.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.erasure.consumer-group=erasure-resume-it",
            "kit.erasure.resume-interval=200ms",
            "kit.erasure.resume-after=0s"
        })
@WithInfrastructure
class ErasureResumeIT {

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of("contacts", "contact_emails", "idempotency_keys", "erasures"));
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    MongoClient client;

    @Autowired
    ContactManagement contacts;

    HttpApi alice() {
        return HttpApi.at(port).as(TestTokens.token("alice", "recruiter"));
    }

    String create() {
        return alice().post(
                        "/api/contacts",
                        "{\"name\":\"Jill Crash\",\"emails\":[\"crash." + UUID.randomUUID() + "@example.com\"]}")
                .json()
                .path("id")
                .asString();
    }

    /** The erasure record as the request stores it first, before any of its steps. */
    String recordOnly(String contactId) {
        String erasureId = ErasureIds.next();
        Date now = Date.from(Instant.now());
        database.getCollection("erasures")
                .insertOne(new Document("_id", erasureId)
                        .append("contactId", contactId)
                        .append("ownerId", "alice")
                        .append("requestedBy", "alice")
                        .append("requestedScopes", List.of("recruiter"))
                        .append("requestedAt", now)
                        .append("status", "IN_PROGRESS")
                        .append("removed", new Document())
                        .append("services", new Document())
                        .append("ownStepsPendingSince", now));
        return erasureId;
    }

    @Test
    void aCrashRightAfterTheRecordIsResumed() {
        try (KafkaProbe probe = KafkaProbe.subscribe("contacts.v1", "erasures.v1")) {
            String id = create();
            assertThat(alice().get("/api/contacts/" + id).status()).isEqualTo(200);

            String erasureId = recordOnly(id);

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(ownPart(erasureId).path("status").asString())
                                    .isEqualTo("CONFIRMED"));
            assertThat(alice().get("/api/contacts/" + id).status()).isEqualTo(404);
            assertThat(ownPart(erasureId).path("removed").path("contacts").asInt())
                    .isEqualTo(1);
            assertThat(ownPart(erasureId).path("removed").path("emailClaims").asInt())
                    .isEqualTo(1);
            assertThat(keyErased(id)).isTrue();
            probe.await(1, r -> id.equals(r.key()) && r.value().contains("\"contact.erased\""), Duration.ofSeconds(20));
            probe.await(
                    1, r -> id.equals(r.key()) && r.value().contains("\"erasure.confirmed\""), Duration.ofSeconds(20));

            // and the request, made again now, answers the same erasure
            assertThat(alice().post("/api/contacts/" + id + "/erase", "")
                            .json()
                            .path("erasureId")
                            .asString())
                    .isEqualTo(erasureId);
        }
    }

    @Test
    void aCrashAfterTheWipeIsResumedWithoutWipingOrAnnouncingTwice() {
        try (KafkaProbe probe = KafkaProbe.subscribe("contacts.v1", "erasures.v1")) {
            String id = create();
            String erasureId = recordOnly(id);
            // the wipe happened (with its contact.erased), then the process died before the key was erased
            assertThat(contacts.erase(id, erasureId, Instant.now())).isTrue();
            assertThat(keyErased(id)).isFalse();

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(ownPart(erasureId).path("status").asString())
                                    .isEqualTo("CONFIRMED"));
            assertThat(keyErased(id)).isTrue();
            assertThat(ownPart(erasureId).path("removed").path("keys").asInt()).isEqualTo(1);
            assertThat(ownPart(erasureId).path("removed").has("contacts"))
                    .as("the resumed run did not wipe it again")
                    .isFalse();
            probe.await(
                    1, r -> id.equals(r.key()) && r.value().contains("\"erasure.confirmed\""), Duration.ofSeconds(20));
            assertThat(probe.drain(Duration.ofSeconds(1)).stream()
                            .filter(r -> id.equals(r.key()) && r.value().contains("\"contact.erased\"")))
                    .hasSize(1);
            assertThat(database.getCollection("contacts")
                            .find(Filters.eq("_id", id))
                            .first()
                            .getLong("version"))
                    .isEqualTo(2L);
        }
    }

    private JsonNode ownPart(String erasureId) {
        return alice().get("/api/erasures/" + erasureId).json().path("services").get(0);
    }

    private boolean keyErased(String contactId) {
        Document key = client.getDatabase("keyring")
                .getCollection("contact_keys")
                .find(Filters.eq("_id", contactId))
                .first();
        return key != null && !key.containsKey("key");
    }
}
