package com.keepintouch.reminder.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.reminder.relationship.ReminderEvents;
import com.keepintouch.reminder.relationship.ReminderTestClock;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * The library of shareables and the tag cadences, over HTTP on the real database, with contacts
 * and interactions in over the real broker: what an owner sets up reaches their relationships.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"kit.reminders.consumer-group=library-it", "kit.reminders.sweep-interval=200ms"})
@WithInfrastructure
@Import(ReminderTestClock.class)
// Closed after the class: a cached context would go on folding the shared topics with its own clock.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LibraryIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of("shareables", "tag_cadences", "relationships"));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    MongoDatabase database;

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    static String owner() {
        return "owner-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Response put(String user, String path, String json) {
        return as(user).send("PUT", path, Map.of("Content-Type", "application/json"), BodyPublishers.ofString(json));
    }

    static String shareable(String url, String title, String... topics) {
        StringBuilder json = new StringBuilder("{\"url\":\"" + url + "\",\"title\":\"" + title + "\",\"topics\":[");
        for (int i = 0; i < topics.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(topics[i]).append('"');
        }
        return json.append("]}").toString();
    }

    JsonNode relationship(String owner, String contactId) {
        await().atMost(WAIT)
                .until(() -> as(owner).get("/api/relationships/" + contactId).status() == 200);
        return as(owner).get("/api/relationships/" + contactId).json();
    }

    @Test
    void anOwnerAddsListsReadsAndDeletesItemsOfTheLibrary() {
        String alice = owner();
        Response created = as(alice)
                .post(
                        "/api/shareables",
                        shareable(
                                " https://example.com/articles/courage ",
                                "  The Courage to Advertise Without Female Stereotypes ",
                                " Marketing ",
                                "marketing",
                                "Women in Tech"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode item = created.json();
        String id = item.path("id").asString();
        assertThat(id).matches("sh_[0-9a-f]{24}");
        assertThat(created.header("Location")).hasValue("/api/shareables/" + id);
        assertThat(item.path("url").asString()).isEqualTo("https://example.com/articles/courage");
        assertThat(item.path("title").asString()).isEqualTo("The Courage to Advertise Without Female Stereotypes");
        assertThat(item.path("topics").values().stream().map(JsonNode::asString).toList())
                .containsExactly("Marketing", "Women in Tech");
        assertThat(item.path("createdAt").asString()).isNotBlank();
        assertThat(as(alice).get("/api/shareables/" + id).json().path("title").asString())
                .isEqualTo("The Courage to Advertise Without Female Stereotypes");

        Response again =
                as(alice).post("/api/shareables", shareable("https://example.com/articles/courage", "Again", "x"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().path("existingId").asString()).isEqualTo(id);
        assertThat(again.json().path("detail").asString()).contains(id);
        assertThat(as(owner())
                        .post("/api/shareables", shareable("https://example.com/articles/courage", "Mine", "x"))
                        .status())
                .as("another owner's library holds the same link")
                .isEqualTo(201);

        String bob = owner();
        assertThat(as(bob).get("/api/shareables/" + id).status()).isEqualTo(404);
        assertThat(as(bob).delete("/api/shareables/" + id).status()).isEqualTo(404);
        assertThat(as(bob).get("/api/shareables").json().path("items").size()).isZero();

        assertThat(as(alice).delete("/api/shareables/" + id).status()).isEqualTo(204);
        assertThat(as(alice).get("/api/shareables/" + id).status()).isEqualTo(404);
        assertThat(as(alice).delete("/api/shareables/" + id).status()).isEqualTo(404);
        assertThat(as(alice)
                        .post("/api/shareables", shareable("https://example.com/articles/courage", "Back", "x"))
                        .status())
                .as("a deleted item's link may be added again")
                .isEqualTo(201);
    }

    @Test
    void theLibraryIsListedNewestFirstInPages() {
        String alice = owner();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(
                    0,
                    as(alice)
                            .post("/api/shareables", shareable("https://example.com/" + i, "Item " + i, "hiring"))
                            .json()
                            .path("id")
                            .asString());
            clock.advance(Duration.ofMillis(5));
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = as(alice)
                    .get("/api/shareables?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.path("items").forEach(i -> listed.add(i.path("id").asString()));
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(listed).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);
        assertThat(as(alice).get("/api/shareables?limit=0").status()).isEqualTo(400);
        assertThat(as(alice).get("/api/shareables?cursor=bm9wZQ").status()).isEqualTo(400);
    }

    @Test
    void badItemsAre400sSayingWhatIsWrong() {
        String alice = owner();
        Map<String, String> refusals = Map.of(
                shareable("/articles/1", "T", "x"), "url: must be an absolute http or https URL",
                shareable("ftp://example.com/a", "T", "x"), "url: scheme ftp is not allowed; use http or https",
                shareable("https://example.com/a", " ", "x"), "title: must not be blank",
                shareable("https://example.com/a", "t".repeat(301), "x"), "title: must be at most 300 characters",
                shareable("https://example.com/a", "T"), "topics: must name at least one topic",
                shareable("https://example.com/a", "T", "x", " "), "topics[1]: must not be blank",
                shareable("https://example.com/a", "T", "t".repeat(61)), "topics[0]: must be at most 60 characters");
        refusals.forEach((body, detail) -> {
            Response refused = as(alice).post("/api/shareables", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asString()).as(body).isEqualTo(detail);
        });
        String[] many = new String[21];
        for (int i = 0; i < many.length; i++) {
            many[i] = "topic " + i;
        }
        assertThat(as(alice)
                        .post("/api/shareables", shareable("https://example.com/a", "T", many))
                        .json()
                        .path("detail")
                        .asString())
                .isEqualTo("topics: must have at most 20 different topics");
        assertThat(as(alice).post("/api/shareables", "{\"url\":").status()).isEqualTo(400);
        assertThat(as(alice).get("/api/shareables").json().path("items").size()).isZero();
    }

    @Test
    void aTagCadenceGovernsTheContactsWithTheTagUnlessTheirOwnIsSet() {
        String alice = owner();
        String tagged = ReminderEvents.newContactId();
        String ownCadence = ReminderEvents.newContactId();
        String untagged = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = new ReminderEvents(kafka);
        events.contactCreated(
                tagged,
                alice,
                now.minus(Duration.ofDays(30)),
                now,
                d -> d.putArray("tags").add("Robotics").add("Marketing"));
        events.contactCreated(ownCadence, alice, now.minus(Duration.ofDays(30)), now, d -> {
            d.put("cadenceDays", 20);
            d.putArray("tags").add("marketing");
        });
        events.contactCreated(
                untagged,
                alice,
                now.minus(Duration.ofDays(30)),
                now,
                d -> d.putArray("tags").add("berlin"));
        relationship(alice, tagged);
        relationship(alice, ownCadence);
        relationship(alice, untagged);

        Response set = put(alice, "/api/cadences/tags/MarKeting", "{\"days\":45}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("tag").asString()).isEqualTo("MarKeting");
        assertThat(set.json().path("key").asString()).isEqualTo("marketing");
        assertThat(set.json().path("days").asInt()).isEqualTo(45);
        assertThat(set.json().path("relationships").asInt()).isEqualTo(2);
        JsonNode state = relationship(alice, tagged);
        assertThat(state.path("cadenceSource").asString()).isEqualTo("TAG");
        assertThat(state.path("cadenceDays").asInt()).isEqualTo(45);
        // with no touch yet the score does not move, but the due date the lists and the calendar feed
        // read from the stored relationship does, at once
        assertThat(database.getCollection("relationships")
                        .find(Filters.eq("_id", tagged))
                        .first()
                        .getDate("nextDueAt")
                        .toInstant())
                .isEqualTo(Instant.parse(state.path("nextDueAt").asString()));
        assertThat(relationship(alice, ownCadence).path("cadenceSource").asString())
                .as("the contact's own cadence wins over its tag's")
                .isEqualTo("EXPLICIT");
        assertThat(relationship(alice, ownCadence).path("cadenceDays").asInt()).isEqualTo(20);
        assertThat(relationship(alice, untagged).path("cadenceSource").asString())
                .isEqualTo("TIER_DEFAULT");
        assertThat(as(alice)
                        .get("/api/cadences/tags")
                        .json()
                        .path("items")
                        .get(0)
                        .path("tag")
                        .asString())
                .isEqualTo("MarKeting");
        assertThat(as(owner()).get("/api/cadences/tags").json().path("items").size())
                .isZero();

        assertThat(put(alice, "/api/cadences/tags/marketing", "{\"days\":0}")
                        .json()
                        .path("detail")
                        .asString())
                .isEqualTo("days: must be between 1 and 730 days");
        assertThat(put(alice, "/api/cadences/tags/marketing", "{\"days\":731}").status())
                .isEqualTo(400);
        assertThat(put(alice, "/api/cadences/tags/marketing", "{}")
                        .json()
                        .path("detail")
                        .asString())
                .isEqualTo("days: is required");

        assertThat(as(alice).delete("/api/cadences/tags/MARKETING").status()).isEqualTo(204);
        assertThat(relationship(alice, tagged).path("cadenceSource").asString()).isEqualTo("TIER_DEFAULT");
        assertThat(as(alice).delete("/api/cadences/tags/marketing").status()).isEqualTo(404);

        // the tag in the state's cadence is the relationships API's
        put(alice, "/api/cadences/tags/Marketing", "{\"days\":45}");
        assertThat(relationship(alice, tagged).path("cadence").path("tag").asString())
                .as("the contact's own spelling of the tag")
                .isEqualTo("Marketing");
    }

    @Test
    void anArticleSharedReachesTheRelationshipsTouchAndIsNotSuggestedAgain() {
        String alice = owner();
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        ReminderEvents events = new ReminderEvents(kafka);
        events.contactCreated(contactId, alice, now.minus(Duration.ofDays(200)), now, d -> {
            d.put("name", "Jill Summers");
            d.put("cadenceDays", 30);
            d.put("title", "Head of Marketing to Women");
            d.putArray("tags").add("hiring");
        });
        String sent = as(alice)
                .post(
                        "/api/shareables",
                        shareable("https://example.com/courage", "The Courage to Advertise", "marketing"))
                .json()
                .path("id")
                .asString();
        clock.advance(Duration.ofMillis(5));
        as(alice)
                .post("/api/shareables", shareable("https://example.com/women", "Marketing to Women", "marketing"))
                .json()
                .path("id")
                .asString();
        String interactionId =
                "i_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        events.shared(interactionId, contactId, alice, now.minus(Duration.ofDays(35)), sent, null);

        await().atMost(WAIT).untilAsserted(() -> {
            Document stored = database.getCollection("relationships")
                    .find(Filters.eq("_id", contactId))
                    .first();
            assertThat(stored).isNotNull();
            assertThat(stored.getList("touchpoints", String.class))
                    .anySatisfy(entry -> assertThat(entry).contains(" as " + sent + " - " + interactionId));
        });
        JsonNode state = relationship(alice, contactId);
        assertThat(state.path("status").asString()).isEqualTo("DUE");
        assertThat(state.path("suggestedAction").asString())
                .as("the item already sent is never suggested again; the other one, matched by title, is")
                .startsWith("Share 'Marketing to Women' with Jill Summers this week")
                .doesNotContain("The Courage to Advertise");

        events.shared(
                "i_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                contactId,
                alice,
                now.minus(Duration.ofDays(34)),
                null,
                " https://example.com/women ");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(relationship(alice, contactId)
                                .path("suggestedAction")
                                .asString())
                        .as("an item sent by its url alone counts as sent too")
                        .doesNotContain("Marketing to Women")
                        .doesNotContain("The Courage to Advertise"));

        // the suggestion in the answer is the relationships API's
        String third = as(alice)
                .post("/api/shareables", shareable("https://example.com/third", "Hiring in Marketing", "hiring"))
                .json()
                .path("id")
                .asString();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(relationship(alice, contactId)
                                .path("suggestion")
                                .path("shareableId")
                                .asString())
                        .isEqualTo(third));
    }
}
