package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Contacts and interactions in over the real broker, relationships out over the API and relationships.v1. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"kit.reminders.consumer-group=flow-it", "kit.reminders.sweep-interval=200ms"})
@WithInfrastructure
@Import(ReminderTestClock.class)
// Closed after the class: a cached context would go on folding the shared topics with its own
// clock and publish transitions of other test classes' contacts on relationships.v1.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RelationshipFlowIT {

    /** Every query this test made the service send is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "relationships",
                "relationship_touches",
                "relationship_agenda",
                "relationship_agenda_cursor",
                "outbox_leases"));
    }

    static final Duration WAIT = Duration.ofSeconds(20);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EventSchemas SCHEMAS = EventSchemas.load();

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    StatusGauges statusGauges;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    ReminderEvents events() {
        return new ReminderEvents(kafka);
    }

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    JsonNode relationship(String owner, String contactId) {
        await().atMost(WAIT)
                .until(() -> as(owner).get("/api/relationships/" + contactId).status() == 200);
        return as(owner).get("/api/relationships/" + contactId).json();
    }

    @Autowired
    com.keepintouch.platform.personal.PersonalData personalData;

    /** The transitions as a consumer reads them: sealed on the topic, opened here. */
    List<JsonNode> transitions(KafkaProbe probe, String contactId, String type, int count) {
        return probe
                .await(count, r -> contactId.equals(r.key()) && r.value().contains("\"type\":\"" + type + "\""), WAIT)
                .stream()
                .map(ConsumerRecord::value)
                .map(json -> SealedEvents.opened(personalData, json))
                .toList();
    }

    static List<String> typesFor(KafkaProbe probe, String contactId) {
        return probe.drain(Duration.ofMillis(1500)).stream()
                .filter(r -> contactId.equals(r.key()))
                .map(r -> JSON.readTree(r.value()).path("type").asString())
                .toList();
    }

    @Autowired
    com.mongodb.client.MongoDatabase database;

    @Test
    void aLongHistoryIsKeptAsItsNewestTouchesAndASummaryAndCountsEveryTouchOnce() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        Instant met = now.minus(Duration.ofDays(400));
        ReminderEvents events = events();
        events.contactCreated(contactId, "alice", met, met, d -> d.put("name", "Jill Summers"));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = "i_" + UUID.randomUUID();
            ids.add(id);
            events.interaction(
                    id,
                    contactId,
                    "alice",
                    "EMAIL",
                    i % 3 == 0 ? "INBOUND" : "OUTBOUND",
                    met.plus(Duration.ofDays(2L * i)));
        }
        await().atMost(WAIT)
                .until(() -> relationship("alice", contactId)
                                .path("counts")
                                .path("touches")
                                .asInt()
                        == 150);

        // a repeat of an old, archived touch, a late one older than the window, the deletion of an archived one
        events.interaction(ids.get(3), contactId, "alice", "EMAIL", "INBOUND", met.plus(Duration.ofDays(6)));
        events.interaction("i_late", contactId, "alice", "FAVOR_GIVEN", "OUTBOUND", met.plus(Duration.ofHours(1)));
        events.interactionDeleted(ids.get(10), contactId, "alice", now);
        events.interaction("i_newest", contactId, "alice", "MEETING", "INBOUND", now.minus(Duration.ofDays(1)));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode state = relationship("alice", contactId);
            assertThat(state.path("counts").path("touches").asInt()).isEqualTo(151);
            assertThat(state.path("counts").path("gives").asInt()).isEqualTo(1);
            assertThat(state.path("lastTouchAt").asString())
                    .isEqualTo(now.minus(Duration.ofDays(1))
                            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                            .toString());
        });
        org.bson.Document stored = database.getCollection("relationships")
                .find(com.mongodb.client.model.Filters.eq("_id", contactId))
                .first();
        assertThat(stored.getList("touchpoints", String.class))
                .hasSizeLessThanOrEqualTo(com.keepintouch.reminder.relationship.domain.RelationshipFacts.WINDOW + 1);
        assertThat(database.getCollection("relationship_touches")
                        .countDocuments(com.mongodb.client.model.Filters.eq("contactId", contactId)))
                .as("the older touches, archived once each")
                .isBetween(80L, 90L);
    }

    @Test
    void backDatedTouchesMakeARelationshipOverdueWithReasonsAndOneValidEvent() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        Instant met = now.minus(Duration.ofDays(700));
        ReminderEvents events = events();
        events.contactCreated(contactId, "alice", met, met, d -> d.put("name", "Jill Summers"));
        for (int i = 0; i < 5; i++) {
            events.interaction(
                    "i_" + UUID.randomUUID(),
                    contactId,
                    "alice",
                    i % 2 == 0 ? "MEETING" : "MESSAGE",
                    i % 2 == 0 ? "OUTBOUND" : "INBOUND",
                    met.plus(Duration.ofDays(60L * (i + 1))));
        }

        await().atMost(WAIT)
                .until(() -> relationship("alice", contactId)
                                .path("counts")
                                .path("touches")
                                .asInt()
                        == 5);
        JsonNode state = relationship("alice", contactId);

        assertThat(state.path("status").asString()).isEqualTo("OVERDUE");
        assertThat(state.path("cadenceSource").asString()).isEqualTo("LEARNED");
        assertThat(state.path("cadenceDays").asInt()).isEqualTo(60);
        assertThat(state.path("reasons").get(0).asString())
                .isEqualTo("No touch for 400 days; your usual rhythm with Jill Summers is every 60 days.");
        assertThat(state.path("suggestedAction").asString()).startsWith("Reach out to Jill Summers today");
        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            JsonNode event =
                    transitions(probe, contactId, "relationship.overdue", 1).get(0);
            assertThat(SCHEMAS.violations(event)).isEmpty();
            assertThat(event.path("data").path("state").path("status").asString())
                    .isEqualTo("OVERDUE");
            assertThat(event.path("ownerId").asString()).isEqualTo("alice");
            assertThat(typesFor(probe, contactId)).containsOnlyOnce("relationship.overdue");
        }
    }

    @Test
    void aTransitionIsPublishedInTheTraceOfTheEventThatCausedIt() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(contactId, "alice", now.minus(Duration.ofDays(200)), now, d -> d.put("cadenceDays", 30));
        relationship("alice", contactId);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String interactionServiceSpan = "00f067aa0ba902b7";

        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            events.interaction(
                    "i_" + UUID.randomUUID(),
                    contactId,
                    "alice",
                    "MEETING",
                    "OUTBOUND",
                    now.minus(Duration.ofDays(100)),
                    "00-" + traceId + "-" + interactionServiceSpan + "-01");

            ConsumerRecord<String, String> overdue = probe.await(
                            1,
                            r -> contactId.equals(r.key()) && r.value().contains("\"type\":\"relationship.overdue\""),
                            WAIT)
                    .get(0);
            var header = overdue.headers().lastHeader("traceparent");
            assertThat(header).as("traceparent header").isNotNull();
            assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .as("the cause's trace, a span of reminder-service's")
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                    .doesNotContain(interactionServiceSpan);
        }
    }

    @Test
    void anInteractionReadBeforeItsContactIsNotLost() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        events().interaction(
                        "i_" + UUID.randomUUID(), contactId, "alice", "CALL", "INBOUND", now.minus(Duration.ofDays(3)));
        assertThat(as("alice").get("/api/relationships/" + contactId).status()).isEqualTo(404);

        events().contactCreated(contactId, "alice", now.minus(Duration.ofDays(10)), now, d -> {});

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(relationship("alice", contactId)
                                .path("lastTouchAt")
                                .asString())
                        .isEqualTo(now.minus(Duration.ofDays(3)).toString()));
    }

    @Test
    void timeMakesItDueThenOverdueOnceEachAndAnInboundTouchRecoversItWithinASecond() {
        String contactId = ReminderEvents.newContactId();
        Instant start = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(contactId, "alice", start, start, d -> d.put("tier", "CLOSE"));
        events.interaction("i_" + UUID.randomUUID(), contactId, "alice", "MEETING", "OUTBOUND", start);
        await().atMost(WAIT)
                .until(() -> "OK"
                                .equals(relationship("alice", contactId)
                                        .path("status")
                                        .asString())
                        && relationship("alice", contactId)
                                        .path("counts")
                                        .path("touches")
                                        .asInt()
                                == 1);

        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            clock.advance(Duration.ofDays(30));
            JsonNode due = transitions(probe, contactId, "relationship.due", 1).get(0);
            assertThat(SCHEMAS.violations(due)).isEmpty();
            assertThat(due.path("data").path("state").path("previousStatus").asString())
                    .isEqualTo("OK");

            clock.advance(Duration.ofDays(15));
            transitions(probe, contactId, "relationship.overdue", 1);

            long sent = System.nanoTime();
            events.interaction("i_" + UUID.randomUUID(), contactId, "alice", "MESSAGE", "INBOUND", clock.instant());
            JsonNode recovered =
                    transitions(probe, contactId, "relationship.recovered", 1).get(0);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
            assertThat(SCHEMAS.violations(recovered)).isEmpty();

            clock.advance(Duration.ofDays(1));
            assertThat(typesFor(probe, contactId))
                    .containsExactly("relationship.due", "relationship.overdue", "relationship.recovered");
        }
    }

    @Test
    void threeUnansweredOutreachesMakeItNonResponsiveAndAnAskRightAfterMeetingIsTooSoon() {
        String quiet = ReminderEvents.newContactId();
        String asked = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(quiet, "alice", now.minus(Duration.ofDays(100)), now, d -> {});
        events.contactCreated(asked, "alice", now.minus(Duration.ofDays(5)), now, d -> {});
        for (int i = 3; i >= 1; i--) {
            events.interaction(
                    "i_" + UUID.randomUUID(), quiet, "alice", "EMAIL", "OUTBOUND", now.minus(Duration.ofDays(i * 7L)));
        }
        events.interaction("i_" + UUID.randomUUID(), asked, "alice", "FAVOR_ASKED", "OUTBOUND", now);

        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            JsonNode nonResponsive =
                    transitions(probe, quiet, "relationship.non_responsive", 1).get(0);
            assertThat(SCHEMAS.violations(nonResponsive)).isEmpty();
            assertThat(nonResponsive
                            .path("data")
                            .path("state")
                            .path("unansweredOutreaches")
                            .asInt())
                    .isEqualTo(3);
            assertThat(relationship("alice", quiet).path("suggestedAction").asString())
                    .startsWith("Don't chase");

            JsonNode tooSoon =
                    transitions(probe, asked, "relationship.ask_too_soon", 1).get(0);
            assertThat(SCHEMAS.violations(tooSoon)).isEmpty();
            assertThat(tooSoon.path("data").path("state").path("reasons").get(0).asString())
                    .contains("5 days after meeting; give before you ask.");
        }
    }

    @Test
    void aDeletedInteractionIsRecomputedAsIfItNeverHappened() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(
                contactId, "alice", now.minus(Duration.ofDays(300)), now.minus(Duration.ofDays(300)), d -> {});
        events.interaction("i_first", contactId, "alice", "CALL", "OUTBOUND", now.minus(Duration.ofDays(200)));
        String later = "i_" + UUID.randomUUID();
        events.interaction(later, contactId, "alice", "CALL", "OUTBOUND", now.minus(Duration.ofDays(10)));
        await().atMost(WAIT)
                .until(() -> "OK"
                        .equals(relationship("alice", contactId).path("status").asString()));

        events.interactionDeleted(later, contactId, "alice", now);

        await().atMost(WAIT)
                .until(() -> "OVERDUE"
                        .equals(relationship("alice", contactId).path("status").asString()));
        JsonNode state = relationship("alice", contactId);
        assertThat(state.path("counts").path("touches").asInt()).isEqualTo(1);
        assertThat(state.path("lastTouchAt").asString())
                .isEqualTo(now.minus(Duration.ofDays(200)).toString());
    }

    @Test
    void pausedContactsAreNeverDue() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        events().contactCreated(
                        contactId,
                        "alice",
                        now.minus(Duration.ofDays(900)),
                        now.minus(Duration.ofDays(900)),
                        d -> d.put("status", "PAUSED"));

        await().atMost(WAIT)
                .until(() -> "PAUSED"
                        .equals(relationship("alice", contactId).path("status").asString()));
        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            assertThat(typesFor(probe, contactId)).isEmpty();
        }
    }

    @Test
    void aSnoozeHoldsTheReminderBackIsPublishedAndIsValidated() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        events().contactCreated(
                        contactId, "alice", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(400)), d -> {});
        await().atMost(WAIT)
                .until(() -> relationship("alice", contactId)
                        .path("status")
                        .asString()
                        .equals("OVERDUE"));

        assertThat(as("alice")
                        .post("/api/relationships/" + contactId + "/snooze", "{\"days\":0}")
                        .status())
                .isEqualTo(400);
        assertThat(as("alice")
                        .post("/api/relationships/" + contactId + "/snooze", "{}")
                        .status())
                .isEqualTo(400);
        assertThat(as("alice")
                        .post("/api/relationships/" + contactId + "/snooze", "{\"days\":400}")
                        .status())
                .isEqualTo(400);
        assertThat(as("bob")
                        .post("/api/relationships/" + contactId + "/snooze", "{\"days\":10}")
                        .status())
                .isEqualTo(404);
        Response snoozed = as("alice").post("/api/relationships/" + contactId + "/snooze", "{\"days\":10}");

        assertThat(snoozed.status()).isEqualTo(200);
        assertThat(snoozed.json().path("status").asString()).isEqualTo("OK");
        assertThat(snoozed.json().path("snoozedUntil").asString())
                .isEqualTo(now.plus(Duration.ofDays(10)).toString());
        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            JsonNode event =
                    transitions(probe, contactId, "relationship.snoozed", 1).get(0);
            assertThat(SCHEMAS.violations(event)).isEmpty();
            transitions(probe, contactId, "relationship.recovered", 1);
        }
    }

    @Test
    void listsAreMostOverdueFirstPerOwnerAndOpsSeesEveryOwnersSummary() {
        String owner = "lister-" + UUID.randomUUID().toString().substring(0, 6);
        Instant now = clock.instant();
        ReminderEvents events = events();
        String mostOverdue = ReminderEvents.newContactId();
        String lessOverdue = ReminderEvents.newContactId();
        String fine = ReminderEvents.newContactId();
        events.contactCreated(
                mostOverdue, owner, now.minus(Duration.ofDays(900)), now.minus(Duration.ofDays(900)), d -> {});
        events.contactCreated(
                lessOverdue, owner, now.minus(Duration.ofDays(900)), now.minus(Duration.ofDays(900)), d -> {});
        events.contactCreated(fine, owner, now, now, d -> {});
        events.interaction(
                "i_" + UUID.randomUUID(), mostOverdue, owner, "CALL", "OUTBOUND", now.minus(Duration.ofDays(500)));
        events.interaction(
                "i_" + UUID.randomUUID(), lessOverdue, owner, "CALL", "OUTBOUND", now.minus(Duration.ofDays(300)));
        await().atMost(WAIT)
                .until(() -> as(owner)
                                .get("/api/relationships?status=OVERDUE")
                                .json()
                                .path("items")
                                .size()
                        == 2);

        JsonNode first =
                as(owner).get("/api/relationships?status=OVERDUE&limit=1").json();
        assertThat(first.path("items").get(0).path("contactId").asString()).isEqualTo(mostOverdue);
        JsonNode second = as(owner)
                .get("/api/relationships?status=OVERDUE&limit=1&cursor="
                        + first.path("nextCursor").asString())
                .json();
        assertThat(second.path("items").get(0).path("contactId").asString()).isEqualTo(lessOverdue);
        assertThat(second.path("nextCursor").isNull()).isTrue();

        JsonNode summary = as(owner).get("/api/relationships/summary").json();
        assertThat(summary.path("total").asLong()).isEqualTo(3);
        assertThat(summary.path("byStatus").path("OVERDUE").asLong()).isEqualTo(2);
        assertThat(summary.path("byStatus").path("OK").asLong()).isEqualTo(1);
        assertThat(as("someone-else").get("/api/relationships/" + mostOverdue).status())
                .isEqualTo(404);
        assertThat(as("someone-else")
                        .get("/api/relationships/summary")
                        .json()
                        .path("total")
                        .asLong())
                .isZero();
        JsonNode all = HttpApi.at(port)
                .as(TestTokens.token("operator", "ops"))
                .get("/api/relationships/summary")
                .json();
        assertThat(all.path("total").asLong()).isGreaterThan(3);
        statusGauges.runOnce();
        assertThat(meters.get("kit.reminder.relationships")
                        .tag("status", "OVERDUE")
                        .gauge()
                        .value())
                .as("kit_reminder_relationships{status=OVERDUE}, all owners")
                .isGreaterThanOrEqualTo(2);
        assertThat(as(owner).get("/api/relationships?status=SOMETIMES").status())
                .isEqualTo(400);
        assertThat(as(owner)
                        .get("/api/relationships?cursor=%7B%22%24ne%22%3Anull%7D")
                        .status())
                .isEqualTo(400);
        assertThat(as(owner).get("/api/relationships/%7B%22%24ne%22%3Anull%7D").status())
                .isEqualTo(404);
    }

    @Test
    void poisonAndSchemaInvalidEventsGoToTheDeadLetterTopicAndProcessingContinues() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        try (KafkaProbe dlt = KafkaProbe.subscribe("interactions.v1.DLT", "contacts.v1.DLT")) {
            events.raw("interactions.v1", contactId, "this is not an event");
            events.raw("contacts.v1", contactId, "{\"specversion\":\"1.0\",\"type\":\"contact.created\"}");
            events.contactCreated(contactId, "alice", now, now, d -> {});
            events.interaction("i_" + UUID.randomUUID(), contactId, "alice", "CALL", "INBOUND", now);

            List<ConsumerRecord<String, String>> dead = dlt.await(2, r -> contactId.equals(r.key()), WAIT);
            assertThat(dead)
                    .extracting(ConsumerRecord::value)
                    .contains("this is not an event", "{\"specversion\":\"1.0\",\"type\":\"contact.created\"}");
            assertThat(new String(
                            dead.get(0).headers().lastHeader("kit-dlt-reason").value(), StandardCharsets.UTF_8))
                    .isNotBlank();
        }
        await().atMost(WAIT)
                .until(() -> relationship("alice", contactId)
                                .path("counts")
                                .path("touches")
                                .asInt()
                        == 1);
    }

    @Test
    void aPlannedMeetingHoldsAnOverdueRelationshipBackUntilItsTimeThenItIsDueAgainIfNoMeetingIsRecorded() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(
                contactId,
                "alice",
                now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(400)),
                d -> d.put("name", "Jill Summers"));
        await().atMost(WAIT)
                .until(() -> "OVERDUE"
                        .equals(relationship("alice", contactId).path("status").asString()));
        Instant meeting = now.plus(Duration.ofDays(5));
        Instant moved = now.plus(Duration.ofDays(8));

        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            events.planned("p_" + contactId, contactId, "alice", 1, meeting, false);

            JsonNode recovered =
                    transitions(probe, contactId, "relationship.recovered", 1).get(0);
            assertThat(SCHEMAS.violations(recovered)).isEmpty();
            JsonNode state = recovered.path("data").path("state");
            assertThat(state.path("plannedTouch").path("plannedFor").asString()).isEqualTo(meeting.toString());
            assertThat(state.path("plannedTouch").path("summary").asString()).isEqualTo("Coffee with Jill");
            assertThat(state.path("reasons").toString())
                    .contains("Meeting planned with Jill Summers on "
                            + java.time.LocalDate.ofInstant(meeting, java.time.ZoneOffset.UTC)
                            + "; nothing is due before it.");

            // moved later, then an older version read late: the newest version wins
            events.planned("p_" + contactId, contactId, "alice", 3, moved, false);
            events.planned("p_" + contactId, contactId, "alice", 2, meeting, false);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode view = relationship("alice", contactId);
                assertThat(view.path("status").asString()).isEqualTo("OK");
                assertThat(view.path("plannedTouch").path("plannedFor").asString())
                        .isEqualTo(moved.toString());
                // a day's grace (kit.reminders.planned-grace) for the calendar to record the meeting
                assertThat(view.path("nextDueAt").asString())
                        .isEqualTo(moved.plus(Duration.ofDays(1)).toString());
            });

            clock.advance(Duration.ofDays(9).plusMinutes(1));
            JsonNode due = transitions(probe, contactId, "relationship.due", 1).get(0);
            assertThat(SCHEMAS.violations(due)).isEmpty();
            assertThat(due.path("data").path("state").path("nextDueAt").asString())
                    .isEqualTo(moved.plus(Duration.ofDays(1)).toString());
            assertThat(due.path("data").path("state").path("plannedTouch").isNull())
                    .isTrue();
            assertThat(typesFor(probe, contactId)).containsOnlyOnce("relationship.recovered", "relationship.due");
        }
    }

    @Test
    void aCancelledPlanMakesTheRelationshipDueAgainAtOnce() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(
                contactId, "alice", now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(100)), d -> {});
        events.interaction(
                "i_" + UUID.randomUUID(), contactId, "alice", "CALL", "OUTBOUND", now.minus(Duration.ofDays(95)));
        events.planned("p_" + contactId, contactId, "alice", 2, now.plus(Duration.ofDays(3)), false);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode view = relationship("alice", contactId);
            assertThat(view.path("status").asString()).isEqualTo("OK");
            assertThat(view.path("plannedTouch").isObject()).isTrue();
        });

        events.planned("p_" + contactId, contactId, "alice", 3, now.plus(Duration.ofDays(3)), true);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode view = relationship("alice", contactId);
            assertThat(view.path("status").asString()).isEqualTo("DUE");
            assertThat(view.path("plannedTouch").isNull()).isTrue();
        });
        assertThat(relationship("alice", contactId)
                        .path("counts")
                        .path("touches")
                        .asInt())
                .as("a plan is never a touch")
                .isEqualTo(1);
    }

    @Test
    void aReplyToTheThirdUnansweredEmailClearsNonResponsivenessAndIsStoredWithTheOutreachItAnswers() {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = events();
        events.contactCreated(contactId, "alice", now.minus(Duration.ofDays(100)), now, d -> {});
        String last = null;
        for (int i = 3; i >= 1; i--) {
            last = "i_" + UUID.randomUUID();
            events.interaction(last, contactId, "alice", "EMAIL", "OUTBOUND", now.minus(Duration.ofDays(i * 7L)));
        }

        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            transitions(probe, contactId, "relationship.non_responsive", 1);
            String reply = "i_" + UUID.randomUUID();
            events.reply(reply, contactId, "alice", now.minus(Duration.ofDays(1)), last, now.minus(Duration.ofDays(7)));

            JsonNode recovered =
                    transitions(probe, contactId, "relationship.recovered", 1).get(0);
            assertThat(SCHEMAS.violations(recovered)).isEmpty();
            assertThat(recovered
                            .path("data")
                            .path("state")
                            .path("unansweredOutreaches")
                            .asInt())
                    .isZero();
            JsonNode view = relationship("alice", contactId);
            assertThat(view.path("status").asString()).isEqualTo("OK");
            assertThat(view.path("counts").path("inbound").asInt()).isEqualTo(1);
            org.bson.Document stored = database.getCollection("relationships")
                    .find(com.mongodb.client.model.Filters.eq("_id", contactId))
                    .first();
            assertThat(stored.getList("touchpoints", String.class))
                    .contains(now.minus(Duration.ofDays(1)).toEpochMilli() + " EMAIL INBOUND ar "
                            + now.minus(Duration.ofDays(7)).toEpochMilli() + " " + last + " " + reply);
        }
    }
}
