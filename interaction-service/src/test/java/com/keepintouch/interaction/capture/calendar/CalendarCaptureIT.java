package com.keepintouch.interaction.capture.calendar;

import static com.keepintouch.interaction.capture.calendar.Ics.attendee;
import static com.keepintouch.interaction.capture.calendar.Ics.organizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.interaction.SealedEvents;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calendars over real HTTP (the API, and a feed server), real Kafka and the Mongo wire server: an
 * imported file's past meetings become interactions and its future ones interaction.planned; a
 * polled feed's changes are announced. Feeds may be at loopback here, and nowhere else private.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.capture.calendar.allowed-networks=127.0.0.0/8",
            "kit.capture.calendar.poll-check-interval=200ms",
            "kit.capture.calendar.poll-interval=1s",
            "kit.capture.calendar.fetch-retry-backoff=50ms"
        })
@WithInfrastructure
class CalendarCaptureIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FeedServer FEEDS = new FeedServer();
    static final Duration WAIT = Duration.ofSeconds(20);

    @AfterAll
    static void stop() {
        FEEDS.close();
    }

    /** Every query the calendar made is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(PlannedTouches.COLLECTION, "calendar_feeds"));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    ContactDirectory directory;

    @Autowired
    CalendarFeeds feeds;

    @Autowired
    PersonalData personalData;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    Response importIcs(String user, String ics) {
        return as(user).send(
                        "POST",
                        "/api/interactions/import",
                        Map.of("Content-Type", "text/calendar"),
                        BodyPublishers.ofString(ics));
    }

    static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A contact of {@code owner} with {@code email}, published on contacts.v1 and projected here. */
    String contact(String owner, String email) {
        String id = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ObjectNode event = (ObjectNode)
                EventSchemas.load().examples("contact.created").get(0).deepCopy();
        event.put("id", UUID.randomUUID().toString())
                .put("subject", id)
                .put("ownerId", owner)
                .put("sequence", 1);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("contactId", id).put("ownerId", owner);
        data.putArray("emails").add(email);
        kafka.send("contacts.v1", id, event.toString()).join();
        await().atMost(WAIT)
                .until(() -> directory.findByEmails(owner, List.of(email)).stream()
                        .anyMatch(c -> c.contactId().equals(id)));
        return id;
    }

    List<JsonNode> interactionsOf(String user, String contactId) {
        Response page = as(user).get("/api/interactions?contactId=" + contactId);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return JSON.convertValue(
                page.json().path("items"), JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    static JsonNode event(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value());
    }

    static boolean planned(ConsumerRecord<String, String> record, String contactId) {
        return record.key().equals(contactId) && record.value().contains("\"interaction.planned\"");
    }

    @Test
    void aPastMeetingIsRecordedAndAFutureOnePlannedOnceHoweverOftenTheFileIsImported() {
        String email = unique("jill") + "@example.com";
        String jill = contact("alice", email);
        String uid = unique("coffee") + "@calendar.example.com";
        String ics = Ics.calendar()
                .event(
                        uid,
                        now.minus(Duration.ofDays(2)),
                        "Coffee with Jill",
                        organizer("alice@me.example"),
                        attendee(email))
                .event(
                        unique("lunch") + "@x",
                        now.plus(Duration.ofDays(3)),
                        "Lunch with Jill",
                        organizer(email),
                        attendee("alice@me.example"))
                .text();

        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            Response first = importIcs("alice", ics);

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().path("events").asInt()).isEqualTo(2);
            assertThat(first.json().path("meetingsRecorded").asInt()).isEqualTo(1);
            assertThat(first.json().path("plannedTouches").asInt()).isEqualTo(1);
            assertThat(first.json().path("unmatched").asInt()).isZero();

            List<JsonNode> meetings = interactionsOf("alice", jill);
            assertThat(meetings).hasSize(1);
            JsonNode meeting = meetings.get(0);
            assertThat(meeting.path("type").asString()).isEqualTo("MEETING");
            assertThat(meeting.path("direction").asString()).isEqualTo("OUTBOUND");
            assertThat(meeting.path("summary").asString()).isEqualTo("Coffee with Jill");
            assertThat(meeting.path("externalId").asString()).isEqualTo("ical/" + jill + "/" + uid);
            assertThat(Instant.parse(meeting.path("occurredAt").asString())).isEqualTo(now.minus(Duration.ofDays(2)));

            JsonNode plan = event(probe.await(1, r -> planned(r, jill), WAIT).get(0));
            assertThat(EventSchemas.load().violations(plan)).isEmpty();
            assertThat(plan.path("data").has("summary")).as("sealed").isFalse();
            assertThat(SealedEvents.openedData(personalData, plan)
                            .path("summary")
                            .asString())
                    .isEqualTo("Lunch with Jill");
            assertThat(Instant.parse(plan.path("data").path("plannedFor").asString()))
                    .isEqualTo(now.plus(Duration.ofDays(3)));
            assertThat(plan.path("data").path("cancelled").asBoolean()).isFalse();
            assertThat(plan.path("sequence").asLong()).isPositive();

            Response again = importIcs("alice", ics);

            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().path("meetingsRecorded").asInt()).isZero();
            assertThat(again.json().path("plannedTouches").asInt()).isZero();
            assertThat(again.json().path("alreadyKnown").asInt()).isEqualTo(2);
            assertThat(interactionsOf("alice", jill)).hasSize(1);
            assertThat(probe.drain(Duration.ofSeconds(2)).stream()
                            .filter(r -> planned(r, jill))
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aMeetingTheContactOrganisedIsInbound() {
        String email = unique("ann") + "@example.com";
        String ann = contact("alice", email);

        importIcs(
                "alice",
                Ics.calendar()
                        .event(
                                unique("u") + "@x",
                                now.minus(Duration.ofDays(1)),
                                "Ann's invite",
                                organizer(email),
                                attendee("alice@me.example"))
                        .text());

        assertThat(interactionsOf("alice", ann).get(0).path("direction").asString())
                .isEqualTo("INBOUND");
    }

    @Test
    void eachOccurrenceOfARecurringMeetingIsOneTouch() {
        String email = unique("rob") + "@example.com";
        String rob = contact("alice", email);
        Instant first = now.minus(Duration.ofDays(21)).minus(Duration.ofHours(1));

        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            Response imported = importIcs(
                    "alice",
                    Ics.calendar()
                            .event(
                                    unique("weekly") + "@x",
                                    first,
                                    "Weekly 1:1",
                                    "RRULE:FREQ=WEEKLY;COUNT=6",
                                    attendee(email))
                            .text());

            assertThat(imported.json().path("events").asInt())
                    .as(imported.body())
                    .isEqualTo(6);
            assertThat(imported.json().path("meetingsRecorded").asInt()).isEqualTo(4);
            assertThat(imported.json().path("plannedTouches").asInt()).isEqualTo(2);
            assertThat(interactionsOf("alice", rob))
                    .extracting(i -> i.path("externalId").asString())
                    .doesNotHaveDuplicates()
                    .allMatch(id -> id.matches("ical/" + rob + "/.+/\\d{8}T\\d{6}Z"));
            List<ConsumerRecord<String, String>> plans = probe.await(2, r -> planned(r, rob), WAIT);
            assertThat(plans)
                    .extracting(r -> event(r).path("data").path("plannedId").asString())
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void strangersAreUnmatchedAndAnotherOwnersContactWithTheSameAddressIsUntouched() {
        String email = unique("shared") + "@example.com";
        String alices = contact("alice", email);
        String bobs = contact("bob", email);

        Response imported = importIcs(
                "alice",
                Ics.calendar()
                        .event(unique("a") + "@x", now.minus(Duration.ofHours(5)), "With both", attendee(email))
                        .event(
                                unique("b") + "@x",
                                now.minus(Duration.ofHours(4)),
                                "With a stranger",
                                attendee(unique("stranger") + "@example.com"))
                        .text());

        assertThat(imported.json().path("meetingsRecorded").asInt())
                .as(imported.body())
                .isEqualTo(1);
        assertThat(imported.json().path("unmatched").asInt()).isEqualTo(1);
        assertThat(interactionsOf("alice", alices)).hasSize(1);
        assertThat(interactionsOf("bob", bobs)).isEmpty();
    }

    @Test
    void aCancelledMeetingIsAnnouncedAsCancelled() {
        String email = unique("cat") + "@example.com";
        String cat = contact("alice", email);
        String uid = unique("review") + "@x";
        Instant at = now.plus(Duration.ofDays(5));

        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            importIcs(
                    "alice",
                    Ics.calendar().event(uid, at, "Review", attendee(email)).text());
            Response cancelled = importIcs(
                    "alice",
                    Ics.calendar()
                            .event(uid, at, "Review", attendee(email), "STATUS:CANCELLED")
                            .text());

            assertThat(cancelled.json().path("plannedTouches").asInt())
                    .as(cancelled.body())
                    .isEqualTo(1);
            List<ConsumerRecord<String, String>> plans = probe.await(2, r -> planned(r, cat), WAIT);
            JsonNode last = event(plans.get(1));
            assertThat(EventSchemas.load().violations(last)).isEmpty();
            assertThat(last.path("data").path("cancelled").asBoolean()).isTrue();
            assertThat(last.path("data").path("plannedId").asString())
                    .isEqualTo(
                            event(plans.get(0)).path("data").path("plannedId").asString());
            assertThat(last.path("sequence").asLong())
                    .isGreaterThan(event(plans.get(0)).path("sequence").asLong());
        }
    }

    @Test
    void aFeedIsPolledAndAMovedMeetingIsAnnouncedAgainAndARemovedOneCancelled() {
        String email = unique("fay") + "@example.com";
        String fay = contact("alice", email);
        String uid = unique("sync") + "@x";
        String path = "/private/" + unique("s3cret-token") + "/basic.ics";
        Instant at = now.plus(Duration.ofDays(7));
        String url = FEEDS.serve(
                path, Ics.calendar().event(uid, at, "Sync", attendee(email)).text());

        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            Response created = as("alice").post("/api/calendars", "{\"url\":\"" + url + "\",\"name\":\"Work\"}");

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain("s3cret-token");
            assertThat(created.json().path("url").asString()).isEqualTo(url.substring(7, url.indexOf(path)) + "/…");
            String id = created.json().path("id").asString();
            assertThat(created.header("Location")).hasValue("/api/calendars/" + id);

            JsonNode plan = event(probe.await(1, r -> planned(r, fay), WAIT).get(0));
            assertThat(Instant.parse(plan.path("data").path("plannedFor").asString()))
                    .isEqualTo(at);
            await().atMost(WAIT)
                    .until(() -> as("alice")
                            .get("/api/calendars/" + id)
                            .json()
                            .path("state")
                            .asString()
                            .equals("OK"));
            JsonNode feed = as("alice").get("/api/calendars/" + id).json();
            assertThat(feed.path("lastPolledAt").isMissingNode()).isFalse();
            assertThat(feed.path("counts").path("events").asInt()).isEqualTo(1);
            assertThat(as("alice").get("/api/calendars").json().path("items").toString())
                    .contains(id);

            FEEDS.serve(
                    path,
                    Ics.calendar()
                            .event(uid, at.plus(Duration.ofDays(1)), "Sync", attendee(email))
                            .text());
            JsonNode moved = event(probe.await(2, r -> planned(r, fay), WAIT).get(1));
            assertThat(EventSchemas.load().violations(moved)).isEmpty();
            assertThat(moved.path("data").path("plannedId").asString())
                    .isEqualTo(plan.path("data").path("plannedId").asString());
            assertThat(Instant.parse(moved.path("data").path("plannedFor").asString()))
                    .isEqualTo(at.plus(Duration.ofDays(1)));
            assertThat(moved.path("data").path("cancelled").asBoolean()).isFalse();

            FEEDS.serve(path, Ics.calendar().text());
            JsonNode removed = event(probe.await(3, r -> planned(r, fay), WAIT).get(2));
            assertThat(removed.path("data").path("cancelled").asBoolean()).isTrue();

            assertThat(as("bob").get("/api/calendars/" + id).status()).isEqualTo(404);
            assertThat(as("bob").delete("/api/calendars/" + id).status()).isEqualTo(404);
            assertThat(as("alice").delete("/api/calendars/" + id).status()).isEqualTo(204);
            assertThat(as("alice").get("/api/calendars/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void aFeedThatCannotBeReadSaysWhyWithoutItsAddress() {
        String url = FEEDS.serve("/private/" + unique("t0ken") + "/gone.ics", "BEGIN:VCARD\r\nEND:VCARD\r\n");
        Response created =
                as("alice").post("/api/calendars", "{\"url\":\"" + url.replace("gone.ics", "missing.ics") + "\"}");
        String id = created.json().path("id").asString();

        await().atMost(WAIT)
                .until(() -> as("alice")
                        .get("/api/calendars/" + id)
                        .json()
                        .path("state")
                        .asString()
                        .equals("FAILING"));
        JsonNode feed = as("alice").get("/api/calendars/" + id).json();
        assertThat(feed.path("lastError").asString())
                .contains("answered HTTP 404")
                .doesNotContain("t0ken");
        as("alice").delete("/api/calendars/" + id);
    }

    @Test
    void aFeedAtAPrivateAddressIsRefusedUnlessItsNetworkIsAllowed() {
        for (String url : List.of(
                "http://10.0.0.7/cal.ics", "http://169.254.169.254/latest/meta-data", "webcal://[fd00::1]/x.ics")) {
            Response refused = as("alice").post("/api/calendars", "{\"url\":\"" + url + "\"}");
            assertThat(refused.status()).as(url + " " + refused.body()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asString()).contains("calendar feeds may not target it");
        }
        Response notHttp = as("alice").post("/api/calendars", "{\"url\":\"ftp://calendar.example.com/x.ics\"}");
        assertThat(notHttp.status()).as(notHttp.body()).isEqualTo(400);
        Response none = as("alice").post("/api/calendars", "{}");
        assertThat(none.status()).isEqualTo(400);
    }

    @Test
    void aFeedIsFetchedByOneInstanceAtATimeAndALostLeaseStoresNothing() {
        Instant later = now.plus(Duration.ofHours(2)); // the running poller never sees it due
        CalendarFeed feed = new CalendarFeed(
                "cal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                "alice",
                null,
                "v1:none",
                "calendar.example.com/…",
                UUID.randomUUID().toString(),
                CalendarFeed.State.PENDING,
                now,
                null,
                null,
                null,
                now.plus(Duration.ofHours(1)),
                null);
        feeds.insert(feed);

        CalendarFeed first =
                feeds.lease(feed.id(), later, later.plus(Duration.ofMinutes(5))).orElseThrow();
        assertThat(feeds.lease(feed.id(), later.plus(Duration.ofMinutes(1)), later.plus(Duration.ofMinutes(6))))
                .isEmpty();
        CalendarFeed second = feeds.lease(
                        feed.id(), later.plus(Duration.ofMinutes(6)), later.plus(Duration.ofMinutes(11)))
                .orElseThrow();

        assertThat(feeds.polled(first, later, null, null, later.plus(Duration.ofHours(1))))
                .isFalse();
        assertThat(feeds.polled(second, later, null, null, later.plus(Duration.ofHours(1))))
                .isTrue();
        assertThat(feeds.find(feed.id()).orElseThrow().state()).isEqualTo(CalendarFeed.State.OK);
        feeds.delete(feed.id());
    }

    @Test
    void theImportAndTheFeedsAreInTheOpenApiDocument() {
        JsonNode paths = HttpApi.at(port).get("/v3/api-docs").json().path("paths");

        assertThat(paths.path("/api/interactions/import")
                        .path("post")
                        .path("requestBody")
                        .path("content")
                        .has("text/calendar"))
                .isTrue();
        assertThat(paths.path("/api/calendars").has("post")).isTrue();
        assertThat(paths.path("/api/calendars/{id}").has("delete")).isTrue();
    }

    @Test
    void aFileThatIsNotICalendarIsRefusedWithASentence() {
        Response refused = importIcs("alice", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jill\r\nEND:VCARD\r\n");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asString())
                .contains("not an iCalendar (.ics) file")
                .contains("line 1")
                .doesNotContain("Exception", "net.fortuna");
        assertThat(importIcs("alice", "").status()).isEqualTo(400);
    }
}
