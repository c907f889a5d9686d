package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.personal.ContactKeys;
import com.keepintouch.platform.personal.ErasureConfirmations;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
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

/**
 * Export and erasure of one person: GET /api/personal-data shows everything held about them; after
 * contact.erased nothing of them is left, every API answers 404, the erasure is confirmed on
 * erasures.v1, and no later or replayed event brings anything back.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"kit.reminders.consumer-group=erasure-it", "kit.reminders.sweep-interval=200ms"})
@WithInfrastructure
@Import(ReminderTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ErasureIT {

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "relationships",
                "relationship_touches",
                "relationship_agenda",
                "relationship_agenda_cursor",
                "outbox_leases",
                ErasureConfirmations.COLLECTION));
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EventSchemas SCHEMAS = EventSchemas.load();

    /** What the person is known by in the events this test sends (lower case): none may stay anywhere. */
    static final List<String> PERSONAL = List.of(
            "jill", "acme robotics", "vp engineering", "robotics", "berlin", "coffee", "example.com", "roboconf");

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    PersonalData personalData;

    @Autowired
    ContactKeys contactKeys;

    @Autowired
    MongoDatabase database;

    @Autowired
    DueSweep sweep;

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    @Test
    void anErasedPersonLeavesNothingIsConfirmedAndNeverComesBack() {
        String owner = "erase-" + UUID.randomUUID().toString().substring(0, 6);
        String contactId = ReminderEvents.newContactId();
        String erasureId = "er_" + UUID.randomUUID();
        Instant now = clock.instant();
        Instant met = now.minus(Duration.ofDays(300));
        ReminderEvents events = new ReminderEvents(kafka).sealedBy(personalData);
        events.contactCreated(contactId, owner, met, met, d -> {});
        List<String> interactions = new ArrayList<>();
        for (int i = 0; i < 70; i++) { // more than a window: some go to the archive
            String id = "i_" + UUID.randomUUID();
            interactions.add(id);
            events.interaction(
                    id,
                    contactId,
                    owner,
                    i % 5 == 4 ? "FAVOR_ASKED" : "EMAIL",
                    i % 2 == 0 ? "INBOUND" : "OUTBOUND",
                    met.plus(Duration.ofDays(3L * i + 1)));
        }
        events.planned("p_" + contactId, contactId, owner, 80, now.plus(Duration.ofDays(20)), false);
        await().atMost(WAIT).untilAsserted(() -> {
            HttpApi.Response view = as(owner).get("/api/relationships/" + contactId);
            assertThat(view.status()).isEqualTo(200);
            assertThat(view.json().path("counts").path("touches").asInt()).isEqualTo(70);
            assertThat(view.json().path("plannedTouch").isNull()).isFalse();
        });
        assertThat(as(owner)
                        .post("/api/relationships/" + contactId + "/snooze", "{\"days\":5}")
                        .status())
                .isEqualTo(200);

        // the export: everything held about the person, to its owner only
        JsonNode export = as(owner).get("/api/personal-data/" + contactId).json();
        assertThat(export.path("relationship").path("contactName").asString()).startsWith("Jill ");
        assertThat(export.path("touches")).hasSize(70);
        assertThat(export.path("touches").findValuesAsString("interactionId"))
                .containsExactlyInAnyOrderElementsOf(interactions);
        assertThat(export.path("touches").findValues("archived")).anyMatch(JsonNode::asBoolean);
        assertThat(export.path("plannedTouches").get(0).path("summary").asString())
                .isEqualTo("Coffee with Jill");
        assertThat(export.path("snoozes")).hasSize(1);
        assertThat(export.path("announcements").findValuesAsString("type")).contains("relationship.snoozed");
        assertThat(as("mallory").get("/api/personal-data/" + contactId).status())
                .isEqualTo(404);
        // scopes before ownership: ops is refused outright, for a known person and an unknown one alike
        for (String asked : List.of(contactId, ReminderEvents.newContactId())) {
            HttpApi.Response ops =
                    HttpApi.at(port).as(TestTokens.token("an-operator", "ops")).get("/api/personal-data/" + asked);
            assertThat(ops.status()).isEqualTo(403);
            assertThat(ops.contentType()).startsWith("application/problem+json");
        }
        assertThat(HttpApi.at(port)
                        .as(TestTokens.token("root", "admin"))
                        .get("/api/personal-data/" + contactId)
                        .status())
                .isEqualTo(200);
        JsonNode unknown = as(owner)
                .get("/api/personal-data/" + ReminderEvents.newContactId())
                .json();
        assertThat(unknown.path("relationship").isNull()).isTrue();
        assertThat(unknown.path("touches")).isEmpty();

        try (KafkaProbe probe = KafkaProbe.subscribe("erasures.v1", "relationships.v1")) {
            // contact-service erases the person: the key goes, then contact.erased
            contactKeys.erase(contactId);
            events.contactErased(contactId, owner, 3, erasureId, now);

            JsonNode confirmed = confirmations(probe, erasureId, 1).get(0);
            assertThat(SCHEMAS.violations(confirmed)).isEmpty();
            assertThat(confirmed.path("subject").asString()).isEqualTo(contactId);
            JsonNode data = confirmed.path("data");
            assertThat(data.path("service").asString()).isEqualTo("reminder-service");
            assertThat(data.path("contactId").asString()).isEqualTo(contactId);
            assertThat(data.path("ownerId").asString()).isEqualTo(owner);
            assertThat(data.path("removed").path("relationships").asInt()).isEqualTo(1);
            assertThat(data.path("removed").path("plannedTouches").asInt()).isEqualTo(1);
            assertThat(data.path("removed").path("snoozes").asInt()).isEqualTo(1);
            assertThat(data.path("removed").path("touches").asInt()
                            + data.path("removed").path("archivedTouches").asInt())
                    .isGreaterThanOrEqualTo(70);
            assertThat(data.path("removed").path("archivedTouches").asInt()).isPositive();

            assertErased(owner, contactId);
            long announcedBefore = announced(probe, contactId);

            // replays and late events of the person, in the clear as producers sent them before events
            // were sealed (no producer can seal for them any more): they arrive erased and change
            // nothing; a redelivered contact.erased confirms again
            ReminderEvents clear = new ReminderEvents(kafka);
            clear.contactCreated(contactId, owner, met, met, d -> {});
            clear.contactUpdated(contactId, owner, 7, now, d -> d.put("name", "Jill Back"));
            clear.interaction("i_" + UUID.randomUUID(), contactId, owner, "CALL", "INBOUND", now);
            clear.interaction(interactions.get(3), contactId, owner, "EMAIL", "INBOUND", met.plus(Duration.ofDays(10)));
            clear.planned("p_" + contactId, contactId, owner, 90, now.plus(Duration.ofDays(2)), false);
            events.contactErased(contactId, owner, 3, erasureId, now);
            assertThat(confirmations(probe, erasureId, 2)).hasSize(2);

            clock.advance(Duration.ofDays(400)); // due, overdue, the daily refresh: nothing is announced
            sweep.sweep();
            assertErased(owner, contactId);
            assertThat(announced(probe, contactId))
                    .as("nothing announced of the person after the erasure")
                    .isEqualTo(announcedBefore);
            // 400 days without a touch would make anyone overdue: the owner's calendar feed names them not
            String feed = as(owner).get("/api/calendar-feed").json().path("url").asString();
            HttpApi.Response ics =
                    HttpApi.at(port).get(java.net.URI.create(feed).getRawPath());
            assertThat(ics.status()).isEqualTo(200);
            assertThat(ics.body()).doesNotContain(contactId).doesNotContainIgnoringCase("jill");
        }
    }

    @Test
    void aPersonFoundErasedWhileAnnouncingLosesTheArchivedTouchesTooWithoutWaitingForContactErased() {
        String owner = "erased-key-" + UUID.randomUUID().toString().substring(0, 6);
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        Instant met = now.minus(Duration.ofDays(300));
        ReminderEvents events = new ReminderEvents(kafka).sealedBy(personalData);
        events.contactCreated(contactId, owner, met, met, d -> {});
        for (int i = 0; i < 70; i++) { // more than a window: some go to the archive
            events.interaction(
                    "i_" + UUID.randomUUID(),
                    contactId,
                    owner,
                    "EMAIL",
                    "INBOUND",
                    met.plus(Duration.ofDays(3L * i + 1)));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(as(owner)
                                .get("/api/relationships/" + contactId)
                                .json()
                                .path("counts")
                                .path("touches")
                                .asInt())
                        .isEqualTo(70));
        // the touches a fold moves out of the window are archived when the relationship is folded next
        events.interaction(
                "i_" + UUID.randomUUID(), contactId, owner, "CALL", "OUTBOUND", now.minus(Duration.ofDays(1)));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(as(owner)
                            .get("/api/relationships/" + contactId)
                            .json()
                            .path("counts")
                            .path("touches")
                            .asInt())
                    .isEqualTo(71);
            assertThat(archivedOf(contactId)).isPositive();
        });

        // the key goes, contact.erased is not read yet: the snooze's announcement cannot be sealed,
        // so the relationship becomes a tombstone there and then, and its archive goes with it
        contactKeys.erase(contactId);
        assertThat(as(owner)
                        .post("/api/relationships/" + contactId + "/snooze", "{\"days\":5}")
                        .status())
                .isEqualTo(404);
        Document stored = database.getCollection(Relationships.COLLECTION)
                .find(Filters.eq("_id", contactId))
                .first();
        assertThat(stored.get("contact", Document.class).getBoolean("erased")).isTrue();
        assertThat(archivedOf(contactId)).isZero();
        assertErased(owner, contactId);
    }

    private long archivedOf(String contactId) {
        return database.getCollection(ArchivedTouches.COLLECTION).countDocuments(Filters.eq("contactId", contactId));
    }

    /** How many relationships.v1 events of the contact have been published so far. */
    private static long announced(KafkaProbe probe, String contactId) {
        return probe.drain(Duration.ofMillis(1500)).stream()
                .filter(r -> r.topic().equals("relationships.v1") && contactId.equals(r.key()))
                .count();
    }

    @Test
    void eventsOfAPersonErasedBeforeThisServiceHeardOfThemCreateNothingVisible() {
        String owner = "erased-early-" + UUID.randomUUID().toString().substring(0, 6);
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        contactKeys.erase(contactId); // before reminder-service reads anything of them
        // events published in the clear before events were sealed, read (a replay) after the erasure
        ReminderEvents clear = new ReminderEvents(kafka);
        clear.contactCreated(contactId, owner, now, now, d -> {});
        clear.interaction("i_" + UUID.randomUUID(), contactId, owner, "CALL", "OUTBOUND", now);
        clear.contactUpdated(contactId, owner, 2, now, d -> d.put("name", "Jill Early"));
        assertThat(personalData.erased(contactId)).isTrue();

        await().atMost(WAIT).untilAsserted(() -> {
            Document stored = database.getCollection(Relationships.COLLECTION)
                    .find(Filters.eq("_id", contactId))
                    .first();
            assertThat(stored).isNotNull();
            assertThat(stored.get("contact", Document.class).getBoolean("erased"))
                    .isTrue();
        });
        assertErased(owner, contactId);
    }

    private List<JsonNode> confirmations(KafkaProbe probe, String erasureId, int count) {
        return probe
                .await(count, r -> r.topic().equals("erasures.v1") && r.value().contains(erasureId), WAIT)
                .stream()
                .map(ConsumerRecord::value)
                .map(JSON::readTree)
                .toList();
    }

    /** 404 everywhere, in no list, and nothing of the person in any collection of the database. */
    private void assertErased(String owner, String contactId) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(as(owner).get("/api/relationships/" + contactId).status())
                    .isEqualTo(404);
            assertThat(as(owner).get("/api/personal-data/" + contactId).status())
                    .isEqualTo(404);
            assertThat(as(owner)
                            .post("/api/relationships/" + contactId + "/snooze", "{\"days\":5}")
                            .status())
                    .isEqualTo(404);
            assertThat(as(owner)
                            .get("/api/relationships?ownerId=" + owner)
                            .json()
                            .path("items")
                            .toString())
                    .doesNotContain(contactId);
            assertThat(as(owner)
                            .get("/api/relationships/summary")
                            .json()
                            .path("total")
                            .asLong())
                    .isZero();
            assertThat(database.getCollection(ArchivedTouches.COLLECTION)
                            .countDocuments(Filters.eq("contactId", contactId)))
                    .isZero();
            assertThat(database.getCollection(Relationships.COLLECTION)
                            .countDocuments(Filters.and(
                                    Filters.eq("_id", contactId), Filters.exists(Outbox.PENDING_EVENT_IDS))))
                    .as("what was staged before the erasure is published (sealed)")
                    .isZero();
            assertNothingPersonal(database, contactId);
        });
    }

    /**
     * No document of any collection of {@code database}, as JSON, holds the person's name (as {@link
     * ReminderEvents} names them); the documents that name the contact hold none of {@link #PERSONAL}
     * either (the others are other people's, whom the events of other tests name alike).
     */
    static void assertNothingPersonal(MongoDatabase database, String contactId) {
        String name = ("Jill " + contactId.substring(2, 8)).toLowerCase(Locale.ROOT);
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find()) {
                String json = document.toJson().toLowerCase(Locale.ROOT);
                assertThat(json).as("in " + collection).doesNotContain(name);
                if (!json.contains(contactId.toLowerCase(Locale.ROOT))) {
                    continue; // another person's
                }
                assertThat(PERSONAL).as("in " + collection + ": " + json).noneMatch(json::contains);
            }
        }
    }
}
