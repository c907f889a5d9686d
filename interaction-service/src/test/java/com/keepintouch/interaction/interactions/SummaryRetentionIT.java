package com.keepintouch.interaction.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.interaction.contacts.ContactEventsFixture;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The retention of summaries on the Mongo wire server, with a clock the test moves: the sweep
 * removes the summaries of interactions older than kit.retention.interaction-summaries (also of
 * those stored before the retention key existed, once backfilled), keeps everything else, and
 * its figures add up in /api/ops/retention and the counter.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
@Import(SummaryRetentionIT.Clocks.class)
class SummaryRetentionIT {

    static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        SettableClock clock() {
            return new SettableClock(START);
        }
    }

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "interactions",
                "contact_sequences",
                "interaction_external_ids",
                "known_contacts",
                "retention_sweeps",
                "interaction_migrations"));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    SummaryRetention retention;

    @Autowired
    SummaryBackfill backfill;

    @Autowired
    MongoDatabase database;

    @Autowired
    MeterRegistry meters;

    HttpApi as(String user, String scope) {
        return HttpApi.at(port).as(TestTokens.token(user, scope));
    }

    String record(String owner, String contactId, Instant occurredAt, String summary) {
        String body = "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"occurredAt\":\"" + occurredAt + "\""
                + (summary == null ? "" : ",\"summary\":\"" + summary + "\"") + "}";
        HttpApi.Response created = as(owner, "recruiter").post("/api/interactions", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    JsonNode interaction(String owner, String id) {
        return as(owner, "recruiter").get("/api/interactions/" + id).json();
    }

    double removedCounter() {
        var counter = meters.find("kit.retention.removed")
                .tag("what", "interaction_summaries")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void summariesOlderThanTheRetentionAreRemovedInSweepsThatCountThem() {
        String owner = "o" + UUID.randomUUID().toString().substring(0, 8);
        String contactId = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ContactEventsFixture.publish(kafka, "contact.created", contactId, owner, 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(owner, "recruiter")
                                .post(
                                        "/api/interactions",
                                        "{\"contactId\":\"" + contactId + "\",\"type\":\"NOTE\",\"occurredAt\":\""
                                                + START.minus(Duration.ofDays(10)) + "\"}")
                                .status()
                        == 201);
        String old = record(owner, contactId, START.minus(Duration.ofDays(800)), "Talked about the Berlin offer");
        String recent = record(owner, contactId, START.minus(Duration.ofDays(100)), "Coffee at the meetup");
        // stored before the retention key existed: the backfill gives it its key
        String legacy = "i_" + String.format("%012x", 1L) + "000000000001";
        database.getCollection("interactions")
                .insertOne(new Document("_id", legacy)
                        .append("ownerId", owner)
                        .append("contactId", contactId)
                        .append("type", "EMAIL")
                        .append("direction", "INBOUND")
                        .append("occurredAt", Date.from(START.minus(Duration.ofDays(1000))))
                        .append("summary", "Re: your offer")
                        .append("recordedAt", Date.from(START.minus(Duration.ofDays(1000))))
                        .append("deleted", false));
        backfill.backfill();
        assertThat(database.getCollection("interactions")
                        .find(Filters.eq("_id", legacy))
                        .first())
                .containsKey("summaryOccurredAt");
        double counted = removedCounter();

        assertThat(retention.sweep()).isEqualTo(2);

        assertThat(interaction(owner, old).path("summary").isNull()).isTrue();
        assertThat(interaction(owner, old).path("type").asString()).isEqualTo("CALL");
        assertThat(interaction(owner, legacy).path("summary").isNull()).isTrue();
        assertThat(interaction(owner, recent).path("summary").asString()).isEqualTo("Coffee at the meetup");
        assertThat(removedCounter() - counted).isEqualTo(2);
        JsonNode figures =
                as("operator", "ops").get("/api/ops/retention").json().path("interactionSummaries");
        assertThat(figures.path("retention").asString()).isEqualTo("P730D");
        assertThat(figures.path("removedTotal").asLong()).isEqualTo(2);
        assertThat(figures.path("lastSweepRemoved").asLong()).isEqualTo(2);
        assertThat(Instant.parse(figures.path("lastSweepAt").asString())).isEqualTo(START);

        // a sweep with nothing past the retention removes nothing, and a recruiter may not see the figures
        assertThat(retention.sweep()).isZero();
        assertThat(as(owner, "recruiter").get("/api/ops/retention").status()).isEqualTo(403);

        clock.advance(Duration.ofDays(700));
        assertThat(retention.sweep()).isEqualTo(1);
        assertThat(interaction(owner, recent).path("summary").isNull()).isTrue();
        figures = as("operator", "admin").get("/api/ops/retention").json().path("interactionSummaries");
        assertThat(figures.path("removedTotal").asLong()).isEqualTo(3);
        assertThat(figures.path("lastSweepRemoved").asLong()).isEqualTo(1);
    }
}
