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
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strength, reciprocity and the insights over the real broker and database: the orders of the list,
 * paged by cursor, the insights, a wrong sort refused in words, the daily refresh of the stored keys
 * and the new state fields on relationships.v1, valid against the schema.
 *
 * <p>The scores come from the rules; the assertions hold whatever they are, checking each order
 * against the scores the relationships themselves show.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"kit.reminders.consumer-group=insights-it", "kit.reminders.sweep-interval=200ms"})
@WithInfrastructure
@Import(ReminderTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RelationshipInsightsIT {

    /** Every list and insight is served by an index, on MongoDB as on the stand-in. */
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
    com.keepintouch.platform.personal.PersonalData personalData;

    @Autowired
    MongoDatabase database;

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    /**
     * Five relationships of a new owner, each treating the recruiter differently: a warm one who
     * replies and reaches out, a one-way one (four emails, no answer), one touched long ago, one
     * touched yesterday, one never touched.
     */
    List<String> fiveRelationships(String owner) {
        ReminderEvents events = new ReminderEvents(kafka);
        Instant now = clock.instant();
        Instant met = now.minus(Duration.ofDays(800));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = ReminderEvents.newContactId();
            ids.add(id);
            events.contactCreated(id, owner, met, met, d -> {});
        }
        String warm = ids.get(0);
        for (int i = 5; i >= 1; i--) {
            String outreach = "i_" + UUID.randomUUID();
            Instant at = now.minus(Duration.ofDays(i * 20L));
            events.interaction(outreach, warm, owner, "EMAIL", "OUTBOUND", at);
            events.reply("i_" + UUID.randomUUID(), warm, owner, at.plus(Duration.ofHours(5)), outreach, at);
        }
        events.interaction("i_" + UUID.randomUUID(), warm, owner, "CALL", "INBOUND", now.minus(Duration.ofDays(3)));
        String oneWay = ids.get(1);
        for (int i = 4; i >= 1; i--) {
            events.interaction(
                    "i_" + UUID.randomUUID(), oneWay, owner, "EMAIL", "OUTBOUND", now.minus(Duration.ofDays(i * 30L)));
        }
        events.interaction(
                "i_" + UUID.randomUUID(), ids.get(2), owner, "MEETING", "OUTBOUND", now.minus(Duration.ofDays(200)));
        events.interaction(
                "i_" + UUID.randomUUID(), ids.get(3), owner, "MEETING", "INBOUND", now.minus(Duration.ofDays(1)));
        await().atMost(WAIT).until(() -> {
            JsonNode items = as(owner).get("/api/relationships?limit=50").json().path("items");
            int touches = 0;
            for (JsonNode item : items) {
                touches += item.path("counts").path("touches").asInt();
            }
            return items.size() == 5 && touches == 11 + 4 + 1 + 1;
        });
        return ids;
    }

    @Test
    void sortedByStrengthOrResponsivenessEachPageFollowsTheScoresAndTheCursorVisitsEveryRelationshipOnce() {
        String owner = "sorter-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = fiveRelationships(owner);

        for (String sort : List.of("strength", "responsiveness")) {
            List<JsonNode> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Response page = as(owner)
                        .get("/api/relationships?sort=" + sort + "&limit=2"
                                + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.status()).as(sort).isEqualTo(200);
                page.json().path("items").forEach(seen::add);
                cursor = page.json().path("nextCursor").isNull()
                        ? null
                        : page.json().path("nextCursor").asString();
                pages++;
            } while (cursor != null && pages < 10);

            assertThat(pages).as(sort + ": five relationships, two a page").isEqualTo(3);
            assertThat(seen).extracting(n -> n.path("contactId").asString()).containsExactlyInAnyOrderElementsOf(ids);
            Comparator<JsonNode> highestFirst = Comparator.<JsonNode>comparingInt(n -> score(n, sort))
                    .reversed()
                    .thenComparing(n -> n.path("contactId").asString());
            assertThat(seen).as(sort + ", highest first, then by id").isSortedAccordingTo(highestFirst);
        }

        JsonNode byDue = as(owner).get("/api/relationships?sort=due").json();
        JsonNode byDefault = as(owner).get("/api/relationships").json();
        assertThat(byDue.path("items"))
                .extracting(n -> n.path("contactId").asString())
                .containsExactlyElementsOf(contactIds(byDefault.path("items")));
        List<Instant> dues = new ArrayList<>();
        byDue.path("items")
                .forEach(n -> dues.add(Instant.parse(n.path("nextDueAt").asString())));
        assertThat(dues).as("due first, as without a sort").isSorted();

        // the stored keys the orders go by, on every relationship
        for (String id : ids) {
            Document stored = database.getCollection("relationships")
                    .find(Filters.eq("_id", id))
                    .first();
            assertThat(stored).as(id).containsKeys("strength", "responsiveness", "cooling", "oneWay");
        }
    }

    @Test
    void eachRelationshipShowsItsStrengthReciprocityAndCadence() {
        String owner = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        String warm = fiveRelationships(owner).get(0);

        JsonNode view = as(owner).get("/api/relationships/" + warm).json();
        assertThat(view.path("cadence").path("days").asInt())
                .isEqualTo(view.path("cadenceDays").asInt());
        assertThat(view.path("cadence").path("source").asString())
                .isEqualTo(view.path("cadenceSource").asString());
        assertThat(view.path("cadence").has("tag")).isTrue();
        assertThat(view.path("cadence").has("adaptation")).isTrue();
        assertThat(view.path("cadence").path("baseDays").asInt()).isPositive();
        assertThat(view.path("strength").path("score").asInt()).isBetween(0, 100);
        assertThat(view.path("strength").path("components").isArray()).isTrue();
        int points = 0;
        for (JsonNode component : view.path("strength").path("components")) {
            points += component.path("points").asInt();
        }
        assertThat(view.path("strength").path("components").isEmpty() ? 0 : points)
                .as("the score is the sum of its components' points")
                .isEqualTo(
                        view.path("strength").path("components").isEmpty()
                                ? 0
                                : view.path("strength").path("score").asInt());
        assertThat(view.path("reciprocity").path("responsiveness").asInt()).isBetween(0, 100);
        assertThat(view.path("reciprocity").path("gives").isInt()).isTrue();
        assertThat(view.path("reciprocity").path("sentences").isArray()).isTrue();
        assertThat(view.has("suggestion")).isTrue();
        // the flat fields stay, as before
        assertThat(view.path("counts").path("touches").asInt()).isEqualTo(11);
        assertThat(view.path("reasons").isEmpty()).isFalse();
    }

    @Test
    void theInsightsListTheWarmestTheCoolingAndTheOneWayEachWithWhy() {
        String owner = "insights-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = fiveRelationships(owner);

        JsonNode insights = as(owner).get("/api/relationships/insights?limit=3").json();
        JsonNode warmest = insights.path("warmest");
        assertThat(warmest.size()).isEqualTo(3);
        List<JsonNode> warm = new ArrayList<>();
        warmest.forEach(w -> warm.add(w.path("relationship")));
        assertThat(warm)
                .as("strongest first")
                .isSortedAccordingTo(Comparator.<JsonNode>comparingInt(n -> score(n, "strength"))
                        .reversed()
                        .thenComparing(n -> n.path("contactId").asString()));
        JsonNode strongest =
                as(owner).get("/api/relationships?sort=strength&limit=3").json().path("items");
        assertThat(contactIds(strongest))
                .as("the warmest are the top of the list by strength")
                .containsExactlyElementsOf(
                        warm.stream().map(n -> n.path("contactId").asString()).toList());

        List<JsonNode> all = new ArrayList<>();
        for (String list : List.of("warmest", "coolingFastest", "oneWay")) {
            assertThat(insights.path(list).isArray()).as(list).isTrue();
            assertThat(insights.path(list).size()).as(list).isLessThanOrEqualTo(3);
            insights.path(list).forEach(all::add);
        }
        assertThat(all).allSatisfy(item -> {
            assertThat(item.path("why").asString()).isNotBlank();
            assertThat(ids).contains(item.path("relationship").path("contactId").asString());
        });
        insights.path("oneWay")
                .forEach(item -> assertThat(item.path("relationship")
                                .path("reciprocity")
                                .path("oneWay")
                                .asBoolean())
                        .isTrue());
        insights.path("coolingFastest")
                .forEach(item -> assertThat(item.path("why").asString()).contains("down"));
        // the one-way relationship is among them exactly when its reciprocity says it is one-way
        String oneWay = ids.get(1);
        boolean isOneWay = as(owner)
                .get("/api/relationships/" + oneWay)
                .json()
                .path("reciprocity")
                .path("oneWay")
                .asBoolean();
        assertThat(contactIds(insights.path("oneWay"), "relationship").contains(oneWay))
                .isEqualTo(isOneWay);

        assertThat(as("someone-else")
                        .get("/api/relationships/insights")
                        .json()
                        .path("warmest")
                        .isEmpty())
                .as("another owner's insights hold none of these")
                .isTrue();
        JsonNode byDefault = as(owner).get("/api/relationships/insights").json();
        assertThat(byDefault.path("warmest").size()).as("five by default").isEqualTo(5);
    }

    @Test
    void aSortOrLimitItDoesNotKnowIsABadRequestThatNamesWhatItTakes() {
        Response sort = as("alice").get("/api/relationships?sort=warmth");
        assertThat(sort.status()).isEqualTo(400);
        assertThat(sort.contentType()).startsWith("application/problem+json");
        assertThat(sort.body()).contains("sort").contains("due, strength, responsiveness");

        Response limit = as("alice").get("/api/relationships/insights?limit=51");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.contentType()).startsWith("application/problem+json");
        assertThat(limit.body()).contains("limit").contains("between 1 and 50");
    }

    @Test
    void opsRankOneOwnersRelationshipsAtATimeAndAreToldToNameThem() {
        HttpApi ops = HttpApi.at(port).as(TestTokens.token("operator", "ops"));
        for (String path : List.of("/api/relationships?sort=strength", "/api/relationships/insights")) {
            Response everyone = ops.get(path);
            assertThat(everyone.status()).as(path).isEqualTo(400);
            assertThat(everyone.contentType()).startsWith("application/problem+json");
            assertThat(everyone.body()).as(path).contains("ownerId").contains("one owner's relationships");
        }
        assertThat(ops.get("/api/relationships?sort=strength&ownerId=alice").status())
                .isEqualTo(200);
        assertThat(ops.get("/api/relationships/insights?ownerId=alice").status())
                .isEqualTo(200);
        assertThat(ops.get("/api/relationships").status())
                .as("the due list across owners, as before")
                .isEqualTo(200);
    }

    @Test
    void theDailyRefreshRewritesTheScoresWithoutAnnouncingAndEventsCarryTheNewStateValidly() {
        String owner = "refresh-" + UUID.randomUUID().toString().substring(0, 6);
        ReminderEvents events = new ReminderEvents(kafka);
        Instant now = clock.instant();
        String contactId = ReminderEvents.newContactId();
        events.contactCreated(
                contactId,
                owner,
                now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(400)),
                d -> d.put("tier", "CLOSE"));
        events.interaction(
                "i_" + UUID.randomUUID(), contactId, owner, "MEETING", "OUTBOUND", now.minus(Duration.ofDays(2)));
        await().atMost(WAIT)
                .until(() -> as(owner)
                                .get("/api/relationships/" + contactId)
                                .json()
                                .path("counts")
                                .path("touches")
                                .asInt()
                        == 1);
        Document before = stored(contactId);
        Instant checkAt = before.getDate("nextCheckAt").toInstant();
        assertThat(checkAt)
                .as("a refresh within a day")
                .isBefore(now.plus(Duration.ofDays(1)).plusSeconds(1))
                .isAfter(now);

        try (KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            clock.advance(Duration.between(now, checkAt).plusMinutes(1));
            await().atMost(WAIT)
                    .until(() ->
                            !before.getString("etag").equals(stored(contactId).getString("etag")));
            Document after = stored(contactId);
            assertThat(after.getDate("nextCheckAt").toInstant())
                    .as("the next refresh, a day later")
                    .isEqualTo(checkAt.plus(Duration.ofDays(1)));
            assertThat(after.getLong("sequence")).as("nothing announced").isEqualTo(before.getLong("sequence"));
            assertThat(after.getString("status")).isEqualTo("OK");
            assertThat(after.getInteger("strength"))
                    .as("a day more without a touch never raises strength")
                    .isLessThanOrEqualTo(before.getInteger("strength"));
            assertThat(after.getInteger("cooling")).isGreaterThanOrEqualTo(before.getInteger("cooling"));
            assertThat(after.getInteger("strength") + after.getInteger("cooling"))
                    .as("what it lost, from the strength right after the touch")
                    .isEqualTo(after.getInteger("strengthAfterTouch"));

            // a month on it is due: the event carries strength, reciprocity and the cadence's source, valid
            clock.advance(Duration.ofDays(30));
            JsonNode due = probe
                    .await(
                            1,
                            r -> contactId.equals(r.key()) && r.value().contains("\"type\":\"relationship.due\""),
                            WAIT)
                    .stream()
                    .map(ConsumerRecord::value)
                    .map(json -> SealedEvents.opened(personalData, json))
                    .findFirst()
                    .orElseThrow();
            assertThat(SCHEMAS.violations(due)).isEmpty();
            JsonNode state = due.path("data").path("state");
            assertThat(state.path("strength").path("score").isInt()).isTrue();
            assertThat(state.path("strength").path("components").isArray()).isTrue();
            assertThat(state.path("reciprocity").path("responsiveness").isInt()).isTrue();
            assertThat(state.path("reciprocity").path("oneWay").isBoolean()).isTrue();
            assertThat(state.has("suggestion")).isTrue();
            assertThat(state.has("cadenceTag")).isTrue();
            assertThat(state.has("cadenceAdaptation")).isTrue();
            assertThat(state.path("strength").path("score").asInt())
                    .as("what the event says is what the relationship shows")
                    .isEqualTo(as(owner)
                            .get("/api/relationships/" + contactId)
                            .json()
                            .path("strength")
                            .path("score")
                            .asInt());
        }
    }

    @Autowired
    ScoreBackfill backfill;

    @Test
    void aRelationshipStoredBeforeTheScoresGetsThemFromTheBackfillAndIsListedByStrengthAgain() {
        String owner = "old-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = fiveRelationships(owner);
        String old = ids.get(2); // touched 200 days ago: overdue, nothing in time alone changes it
        database.getCollection("relationships")
                .updateOne(
                        Filters.eq("_id", old),
                        com.mongodb.client.model.Updates.combine(
                                com.mongodb.client.model.Updates.unset("strength"),
                                com.mongodb.client.model.Updates.unset("responsiveness"),
                                com.mongodb.client.model.Updates.unset("cooling"),
                                com.mongodb.client.model.Updates.unset("oneWay"),
                                com.mongodb.client.model.Updates.unset("strengthAfterTouch"),
                                com.mongodb.client.model.Updates.unset("touchedAt"),
                                com.mongodb.client.model.Updates.set("nextCheckAt", null)));
        assertThat(contactIds(
                        as(owner).get("/api/relationships?sort=strength").json().path("items")))
                .as("without scores it is in no list by score")
                .doesNotContain(old);

        assertThat(backfill.backfill()).isGreaterThanOrEqualTo(1);

        await().atMost(WAIT).until(() -> stored(old).containsKey("strength"));
        assertThat(stored(old).getDate("nextCheckAt"))
                .as("and its daily refresh")
                .isNotNull();
        assertThat(contactIds(
                        as(owner).get("/api/relationships?sort=strength").json().path("items")))
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    private Document stored(String contactId) {
        return database.getCollection("relationships")
                .find(Filters.eq("_id", contactId))
                .first();
    }

    private static int score(JsonNode relationship, String sort) {
        return "strength".equals(sort)
                ? relationship.path("strength").path("score").asInt()
                : relationship.path("reciprocity").path("responsiveness").asInt();
    }

    private static List<String> contactIds(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(n -> ids.add(n.path("contactId").asString()));
        return ids;
    }

    private static Set<String> contactIds(JsonNode items, String field) {
        Set<String> ids = new HashSet<>();
        items.forEach(n -> ids.add(n.path(field).path("contactId").asString()));
        return ids;
    }
}
