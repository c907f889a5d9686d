package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A person asks what the firm holds about them, then to be erased (GDPR articles 15, 17 and 20).
 * Zebulon Quartermaine is a contact of a recruiter with interactions, an overdue relationship,
 * signed webhooks at her receiver, an email and a digest: the export holds every piece of it; the
 * erasure is tracked until all four services confirm; afterwards his name, addresses and what was
 * said are in no database, no topic, no log file and no API answer, a second erasure changes
 * nothing, and a reminder-service rebuilt from the topics knows nothing of him either.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureJourneyIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final String NAME = "Zebulon Quartermaine";
    private static final List<String> EMAILS =
            List.of("zebulon.q@quartermaine-dirigibles.example", "zq.private@airship-mail.example");
    private static final String PHONE = "+15550100187";
    private static final String COMPANY = "Dirigible Hangars of Vexholm";
    private static final String TITLE = "Chief Gondolier";
    private static final List<String> SUMMARIES = List.of(
            "Discussed the Vermilion Hangar lease",
            "Promised the Aldebaran brochure",
            "Asked about the Tessellate merger");
    private static final String MESSAGE_ID = "<aldebaran-7781@airship-mail.example>";

    /** Everything that identifies him or was said with him: none of it may be left anywhere afterwards. */
    private static final PersonalDataScan SCAN = PersonalDataScan.of(needles());

    private static LocalStack stack;
    private static People erin;
    /** Another recruiter, who may neither export nor erase him. */
    private static People mallory;

    private static Receiver receiver;
    private static String zebulon;
    private static String other;
    private static final List<String> interactions = new ArrayList<>();
    private static String erasureId;
    private static JsonNode completed;
    private static long webhooksAboutHim;

    private static List<String> needles() {
        List<String> needles = new ArrayList<>(List.of("Zebulon", "Quartermaine", PHONE, COMPANY, TITLE, MESSAGE_ID));
        needles.addAll(EMAILS);
        needles.addAll(SUMMARIES);
        needles.addAll(List.of("Vermilion", "Aldebaran", "Tessellate", "Vexholm", "Gondolier"));
        return needles;
    }

    @BeforeAll
    static void aContactWithEverythingTheSystemHoldsAboutAPerson() {
        stack = SystemStack.healthy();
        erin = People.recruiter("erin");
        mallory = People.recruiter("mallory");
        erin.emailMe("IMMEDIATE", "Europe/London", 8);
        receiver = Receiver.start();
        erin.subscribe(receiver);

        Response created = erin.contacts()
                .post("/api/contacts", """
                {"name":"%s","emails":["%s","%s"],"phone":"%s","company":"%s","title":"%s",
                 "tags":["vexholm-circle"],"howWeMet":"Zebulon flew us over the Vexholm regatta",
                 "notes":"Quartermaine prefers calls after six","cadenceDays":30,"tier":"REGULAR"}""".formatted(NAME, EMAILS.get(0), EMAILS.get(1), PHONE, COMPANY, TITLE));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        zebulon = created.json().path("id").asString();
        other = erin.contact("Marisol Keepsake", 30);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        interactions.add(recorded(zebulon, "CALL", "INBOUND", now.minus(120, ChronoUnit.DAYS), SUMMARIES.get(1), null));
        interactions.add(
                recorded(zebulon, "EMAIL", "OUTBOUND", now.minus(110, ChronoUnit.DAYS), SUMMARIES.get(2), MESSAGE_ID));
        interactions.add(
                recorded(zebulon, "MEETING", "OUTBOUND", now.minus(100, ChronoUnit.DAYS), SUMMARIES.get(0), null));
        erin.touched(other, "MEETING", "INBOUND", now.minus(100, ChronoUnit.DAYS));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(erin.status(zebulon)).isEqualTo("OVERDUE");
            assertThat(erin.status(other)).isEqualTo("OVERDUE");
        });
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(receiver.received().stream()
                                .filter(r -> zebulon.equals(
                                        r.json().path("data").path("contactId").asString()))
                                .map(Receiver.Received::body)
                                .toList())
                        .as("the webhooks about him")
                        .anyMatch(body -> body.contains(NAME)));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(Mail.inbox(erin.email()))
                        .as("her emails")
                        .anyMatch(mail -> mail.mime().contains(NAME)));

        // ... and a digest naming both (asked for now; notifier-service's EmailIT tests the schedule).
        erin.emailMe("DAILY_DIGEST", "Europe/London", 8);
        Response digest = erin.notifier().post("/api/preferences/me/digest", "");
        assertThat(digest.status()).as(digest.toString()).isEqualTo(202);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(Mail.inbox(erin.email()))
                        .extracting(Mail.Message::subject)
                        .anyMatch(subject -> subject.startsWith("2 relationships need you")));
        assertThat(Mail.inbox(erin.email()))
                .as("her digest names both")
                .anyMatch(mail -> mail.mime().contains(NAME) && mail.mime().contains("Marisol Keepsake"));
        Response feed = erin.reminders().get("/api/calendar-feed");
        assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
        assertThat(HttpApi.at(feed.json().path("url").asString()).get("").body())
                .contains(NAME);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(channels(erin.notifier()
                                .get("/api/deliveries?contactId=" + zebulon)
                                .json()))
                        .contains("WEBHOOK", "EMAIL"));
        // What the scans look for is there before: each service holds something of him.
        List<PersonalDataScan.Finding> before = SCAN.databases(stack.settings());
        PersonalDataScan.DATABASES.forEach((service, database) -> assertThat(before)
                .as("%s's database before the erasure", service)
                .anySatisfy(finding -> assertThat(finding.where()).startsWith(database + ".")));
    }

    @AfterAll
    static void stopTheReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void theExportHoldsTheContactItsInteractionsItsRelationshipAndItsDeliveries() {
        Response export = erin.contacts().get("/api/contacts/" + zebulon + "/export");

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/json");
        assertThat(export.header("Content-Disposition").orElse(""))
                .contains("attachment")
                .contains("contact-" + zebulon + ".json");
        JsonNode document = export.json();
        assertThat(document.path("contactId").asString()).isEqualTo(zebulon);
        assertThat(document.path("exportedAt").asString()).isNotBlank();

        JsonNode contact = document.path("contact");
        assertThat(contact.path("name").asString()).isEqualTo(NAME);
        assertThat(strings(contact.path("emails"))).containsExactlyInAnyOrderElementsOf(EMAILS);
        assertThat(contact.path("company").asString()).isEqualTo(COMPANY);
        assertThat(contact.path("title").asString()).isEqualTo(TITLE);

        JsonNode recorded = document.path("interactions").path("interactions");
        assertThat(recorded.findValuesAsString("id")).containsAll(interactions);
        assertThat(recorded.findValuesAsString("summary")).containsAll(SUMMARIES);
        assertThat(document.path("interactions").path("plannedTouches").isArray())
                .as(document.path("interactions").toString())
                .isTrue();

        JsonNode relationship = document.path("relationship");
        assertThat(relationship.path("relationship").path("contactId").asString())
                .as(relationship.toString())
                .isEqualTo(zebulon);
        assertThat(relationship.path("relationship").path("status").asString()).isEqualTo("OVERDUE");
        assertThat(relationship.path("announcements").findValuesAsString("type"))
                .as(relationship.toString())
                .isNotEmpty();

        JsonNode deliveries = document.path("notifications").path("deliveries");
        assertThat(channels(document.path("notifications")))
                .as(deliveries.toString())
                .contains("WEBHOOK", "EMAIL");
        assertThat(deliveries.toString()).contains(NAME); // what was sent about him: the webhook's body

        // Nobody else's export: another recruiter gets a 404, as for any contact of someone else.
        Response stranger = mallory.contacts().get("/api/contacts/" + zebulon + "/export");
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);

        // Both asked, both are audited: who, and how it ended.
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(audits("contact.export"))
                        .contains(erin.id() + " COMPLETED", mallory.id() + " NOT_FOUND"));
    }

    @Test
    @Order(2)
    void anErasureIsTrackedUntilEachOfTheFourServicesConfirmsIt() {
        Response stranger = mallory.contacts()
                .send("POST", "/api/contacts/" + zebulon + "/erase", Map.of(), BodyPublishers.noBody());
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);
        assertThat(erin.contacts().get("/api/contacts/" + zebulon).status()).isEqualTo(200);

        Response accepted = erase(erin, zebulon);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        erasureId = accepted.json().path("erasureId").asString();
        assertThat(erasureId).isNotBlank();
        assertThat(accepted.header("Location").orElse("")).endsWith("/api/erasures/" + erasureId);
        assertThat(accepted.json().path("contactId").asString()).isEqualTo(zebulon);
        assertThat(accepted.json().path("services").findValuesAsString("service"))
                .containsExactlyInAnyOrderElementsOf(LocalStack.SERVICES);

        completed = awaitCompleted(erin, erasureId);
        webhooksAboutHim = webhooksAbout(zebulon);
        assertThat(completed.path("ownerId").asString()).isEqualTo(erin.id());
        assertThat(completed.path("requestedBy").asString()).isEqualTo(erin.id());
        assertThat(completed.path("completedAt").asString()).isNotBlank();
        for (JsonNode service : completed.path("services")) {
            assertThat(service.path("confirmedAt").asString())
                    .as(service.toString())
                    .isNotBlank();
            assertThat(removedTotal(service))
                    .as("what %s says it removed: %s", service.path("service").asString(), service)
                    .isPositive();
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(audits("contact.erase"))
                        .contains(
                                erin.id() + " ACCEPTED " + erasureId,
                                erin.id() + " COMPLETED " + erasureId,
                                mallory.id() + " NOT_FOUND"));
    }

    @Test
    @Order(3)
    void afterwardsNoDatabaseHoldsAnythingOfHim() {
        PersonalDataScan.assertNothingFound("in the databases", SCAN.databases(stack.settings()));
        // His key is gone for good: what Kafka keeps of him cannot be opened again.
        try (MongoClient mongo = MongoClients.create(stack.settings().mongoUri())) {
            Document key = mongo.getDatabase("keyring")
                    .getCollection("contact_keys")
                    .find(Filters.eq("_id", zebulon))
                    .first();
            assertThat(key).as("his entry in the keyring").isNotNull();
            assertThat(key).containsKey("erasedAt").doesNotContainKey("key");
        }
    }

    @Test
    @Order(4)
    void afterwardsNoTopicHoldsAnythingOfHimThatCanBeRead() {
        PersonalDataScan.assertNothingFound("in the topics", SCAN.topics(stack.settings()));
        assertThat(Topics.read(
                        "contacts.v1",
                        e -> zebulon.equals(e.path("subject").asString())
                                && e.path("type").asString().equals("contact.erased")))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("data").path("erasureId").asString()).isEqualTo(erasureId));
    }

    @Test
    @Order(5)
    void afterwardsNoLogFileHoldsAnythingOfHim() {
        PersonalDataScan.assertNothingFound("in the log files", SCAN.logs(stack.settings()));
    }

    @Test
    @Order(6)
    void afterwardsEveryApiAnswersAsIfHeWereNeverThereAndTheExportIsGone() {
        Map<String, Response> answers = afterwards();

        PersonalDataScan.assertNothingFound(
                "in the API answers",
                answers.entrySet().stream()
                        .flatMap(e -> SCAN.in(e.getKey(), e.getValue().body()).stream())
                        .toList());
        answers.forEach((call, answer) ->
                assertThat(answer.status()).as(call + " → " + answer).isLessThan(500));
        List<String> contactScoped = new ArrayList<>(List.of(
                "contact-service GET /api/contacts/" + zebulon,
                "contact-service GET /api/contacts/" + zebulon + "/export",
                "interaction-service GET /api/personal-data/" + zebulon,
                "reminder-service GET /api/relationships/" + zebulon,
                "reminder-service GET /api/personal-data/" + zebulon,
                "notifier-service GET /api/personal-data/" + zebulon));
        interactions.forEach(id -> contactScoped.add("interaction-service GET /api/interactions/" + id));
        contactScoped.forEach(call -> assertThat(answers.get(call).status())
                .as(call + " → " + answers.get(call))
                .isEqualTo(404));
        assertThat(answers.get("contact-service GET /api/contacts/" + zebulon + "/export")
                        .contentType())
                .startsWith("application/problem+json");
        assertThat(answers.get("contact-service GET /api/contacts").body()).doesNotContain(zebulon);
        assertThat(answers.get("reminder-service GET /api/relationships").body())
                .doesNotContain(zebulon);
        assertThat(answers.get("reminder-service GET /api/relationships/insights")
                        .body())
                .doesNotContain(zebulon);

        // The rest of her work is untouched.
        assertThat(erin.contacts().get("/api/contacts/" + other).status()).isEqualTo(200);
        assertThat(erin.status(other)).isEqualTo("OVERDUE");
    }

    @Test
    @Order(7)
    void nothingBringsHimBackNeitherHerChangesNorAnAdministrator() {
        Response patched = erin.contacts()
                .patch("/api/contacts/" + zebulon, "{\"name\":\"" + NAME + "\",\"notes\":\"Vexholm again\"}", Map.of());
        assertThat(patched.status()).as(patched.toString()).isEqualTo(404);
        Response touched = erin.interactions().post("/api/interactions", """
                {"contactId":"%s","type":"CALL","direction":"INBOUND","summary":"Tessellate merger, part two"}""".formatted(zebulon));
        assertThat(touched.status()).as(touched.toString()).isEqualTo(404);
        Response snoozed = erin.reminders().post("/api/relationships/" + zebulon + "/snooze", "{\"days\":7}");
        assertThat(snoozed.status()).as(snoozed.toString()).isEqualTo(404);
        Response deleted = erin.contacts().delete("/api/contacts/" + zebulon);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(404);

        String admin = SystemStack.token("erasure-admin", "admin");
        for (Map.Entry<String, String> call : Map.of(
                        "contact-service", "/api/contacts/" + zebulon,
                        "reminder-service", "/api/relationships/" + zebulon,
                        "notifier-service", "/api/personal-data/" + zebulon)
                .entrySet()) {
            Response answer = SystemStack.api(call.getKey(), admin).get(call.getValue());
            assertThat(answer.status()).as("admin: " + call + " → " + answer).isEqualTo(404);
        }
        Response export = SystemStack.api("contact-service", admin).get("/api/contacts/" + zebulon + "/export");
        assertThat(export.status()).as("admin: the export → " + export).isEqualTo(404);
        PersonalDataScan.assertNothingFound(
                "in the answers to her attempts",
                List.of(patched, touched, snoozed, deleted, export).stream()
                        .flatMap(answer -> SCAN.in("an answer", answer.body()).stream())
                        .toList());
    }

    @Test
    @Order(8)
    void aSecondErasureAnswersTheSameErasureAndChangesNothing() {
        int erasedEvents = erasedEvents();

        Response again = erase(erin, zebulon);

        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.json().path("erasureId").asString()).isEqualTo(erasureId);
        assertThat(again.header("Location").orElse("")).endsWith("/api/erasures/" + erasureId);
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(tracking(erin, erasureId)).isEqualTo(completed));
        assertThat(erasedEvents()).as("contact.erased events of him").isEqualTo(erasedEvents);
        assertThat(webhooksAbout(zebulon))
                .as("webhooks about him since his erasure")
                .isEqualTo(webhooksAboutHim);
        assertThat(erin.contacts().get("/api/contacts/" + zebulon).status()).isEqualTo(404);
        PersonalDataScan.assertNothingFound("anywhere after the second erasure", SCAN.everywhere(stack.settings()));
    }

    @Test
    @Order(9)
    void aReminderServiceRebuiltFromTheTopicsKnowsNothingOfHim() {
        JsonNode live = erin.reminders().get("/api/relationships/" + other).json();
        try (ReminderRebuild rebuild = ReminderRebuild.start(stack)) {
            rebuild.awaitCaughtUp(Duration.ofMinutes(2));
            HttpApi rebuilt = rebuild.api(SystemStack.token(erin.id(), "recruiter"));
            await().atMost(PATIENCE).untilAsserted(() -> {
                Response relationship = rebuilt.get("/api/relationships/" + other);
                assertThat(relationship.status()).as(relationship.toString()).isEqualTo(200);
                assertThat(relationship.json().path("status").asString())
                        .isEqualTo(live.path("status").asString());
                assertThat(relationship.json().path("lastTouchAt").asString())
                        .isEqualTo(live.path("lastTouchAt").asString());
            });
            Response erased = rebuilt.get("/api/relationships/" + zebulon);
            assertThat(erased.status()).as(erased.toString()).isEqualTo(404);
            Response list = rebuilt.get("/api/relationships");
            assertThat(list.body()).contains(other).doesNotContain(zebulon);
            PersonalDataScan.assertNothingFound(
                    "in the rebuilt relationships", SCAN.in("GET /api/relationships", list.body()));
            PersonalDataScan.assertNothingFound(
                    "in the rebuilt database " + rebuild.database(),
                    SCAN.database(stack.settings(), rebuild.database()));
        }
        PersonalDataScan.assertNothingFound("in the log files, the rebuild's included", SCAN.logs(stack.settings()));
    }

    // ------------------------------------------------------------------ helpers

    private static String recorded(
            String contactId, String type, String direction, Instant at, String summary, String externalId) {
        Response recorded = erin.interactions().post("/api/interactions", """
                {"contactId":"%s","type":"%s","direction":"%s","occurredAt":"%s","summary":"%s","externalId":"%s"}""".formatted(
                        contactId, type, direction, at, summary, externalId == null ? UUID.randomUUID() : externalId));
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
        return recorded.json().path("id").asString();
    }

    static Response erase(People who, String contactId) {
        return who.contacts().send("POST", "/api/contacts/" + contactId + "/erase", Map.of(), BodyPublishers.noBody());
    }

    static JsonNode tracking(People who, String erasureId) {
        Response tracking = who.contacts().get("/api/erasures/" + erasureId);
        assertThat(tracking.status()).as(tracking.toString()).isEqualTo(200);
        return tracking.json();
    }

    /** The tracking once it says COMPLETED, every one of the four services CONFIRMED. */
    static JsonNode awaitCompleted(People who, String erasureId) {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            JsonNode tracking = tracking(who, erasureId);
                            if (!tracking.path("status").asString().equals("COMPLETED")) {
                                return null;
                            }
                            assertThat(tracking.path("services").findValuesAsString("service"))
                                    .as(tracking.toString())
                                    .containsExactlyInAnyOrderElementsOf(LocalStack.SERVICES);
                            assertThat(tracking.path("services").findValuesAsString("status"))
                                    .as(tracking.toString())
                                    .containsOnly("CONFIRMED");
                            return tracking;
                        },
                        t -> t != null);
    }

    private static int removedTotal(JsonNode service) {
        int total = 0;
        for (JsonNode count : service.path("removed")) {
            total += count.asInt();
        }
        return total;
    }

    /** The audit entries of {@code action} about him, each as "actor outcome [erasureId]". */
    private static List<String> audits(String action) {
        return Topics.read(
                        "audit.v1",
                        e -> zebulon.equals(e.path("data").path("contactId").asString())
                                && action.equals(e.path("data").path("action").asString()))
                .stream()
                .map(e -> e.path("data"))
                .map(a -> (a.path("actor").asString() + " " + a.path("outcome").asString() + " "
                                + a.path("erasureId").asString(""))
                        .trim())
                .toList();
    }

    private static long webhooksAbout(String contactId) {
        return receiver.received().stream()
                .filter(r ->
                        contactId.equals(r.json().path("data").path("contactId").asString()))
                .count();
    }

    private static int erasedEvents() {
        return Topics.read(
                        "contacts.v1",
                        e -> zebulon.equals(e.path("subject").asString())
                                && e.path("type").asString().equals("contact.erased"))
                .size();
    }

    private static List<String> channels(JsonNode page) {
        return page.path("items").isMissingNode()
                ? page.path("deliveries").findValuesAsString("channel")
                : page.path("items").findValuesAsString("channel");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /**
     * What every service answers about him and around him afterwards, to her and to an operator:
     * his own resources, her lists, searches, insights, calendar feed and the ops dashboard's figures.
     */
    private static Map<String, Response> afterwards() {
        Map<String, Response> answers = new LinkedHashMap<>();
        String ops = SystemStack.token("erasure-ops", "ops");
        Map<String, HttpApi> apis = Map.of(
                "contact-service", erin.contacts(),
                "interaction-service", erin.interactions(),
                "reminder-service", erin.reminders(),
                "notifier-service", erin.notifier());
        Map<String, List<String>> paths = new LinkedHashMap<>();
        paths.put(
                "contact-service",
                List.of(
                        "/api/contacts/" + zebulon,
                        "/api/contacts/" + zebulon + "/export",
                        "/api/contacts",
                        "/api/contacts?q=Zebulon",
                        "/api/contacts?q=" + EMAILS.get(0),
                        "/api/contacts?tag=vexholm-circle",
                        "/api/erasures/" + erasureId));
        List<String> interactionPaths = new ArrayList<>(List.of(
                "/api/personal-data/" + zebulon, "/api/interactions", "/api/interactions?contactId=" + zebulon));
        interactions.forEach(id -> interactionPaths.add("/api/interactions/" + id));
        paths.put("interaction-service", interactionPaths);
        paths.put(
                "reminder-service",
                List.of(
                        "/api/relationships/" + zebulon,
                        "/api/personal-data/" + zebulon,
                        "/api/relationships",
                        "/api/relationships?status=OVERDUE",
                        "/api/relationships?sort=strength",
                        "/api/relationships/insights",
                        "/api/relationships/summary"));
        List<String> notifierPaths = new ArrayList<>(List.of(
                "/api/personal-data/" + zebulon,
                "/api/deliveries",
                "/api/deliveries?contactId=" + zebulon,
                "/api/deliveries?channel=EMAIL",
                "/api/preferences/me"));
        paths.put("notifier-service", notifierPaths);
        paths.forEach((service, list) -> list.forEach(
                path -> answers.put(service + " GET " + path, apis.get(service).get(path))));
        for (JsonNode delivery :
                answers.get("notifier-service GET /api/deliveries").json().path("items")) {
            String path = "/api/deliveries/"
                    + delivery.path("id").asString(delivery.path("deliveryId").asString());
            answers.put("notifier-service GET " + path, erin.notifier().get(path));
        }
        answers.put(
                "notifier-service GET /api/ops/summary (ops)",
                SystemStack.api("notifier-service", ops).get("/api/ops/summary"));
        answers.put(
                "contact-service GET /api/contacts?ownerId= (ops)",
                SystemStack.api("contact-service", ops).get("/api/contacts?ownerId=" + erin.id()));
        answers.put(
                "reminder-service GET /api/relationships/summary (ops)",
                SystemStack.api("reminder-service", ops).get("/api/relationships/summary?ownerId=" + erin.id()));
        Response feed = erin.reminders().get("/api/calendar-feed");
        assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
        answers.put(
                "reminder-service GET the calendar feed",
                HttpApi.at(feed.json().path("url").asString()).get(""));
        return answers;
    }
}
