package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.devstack.Settings;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of every service behind HAProxy, as {@code DEVSTACK_INSTANCES=2 ./devstack.sh}
 * runs them: a stack of its own (not {@link SystemStack}'s), stopped at the end of the class. What
 * two instances could do twice is done once (a contact per address, a digest per period, an
 * announcement per transition), and {@code kill -9} of one instance of each service while events
 * flow loses nothing and repeats nothing but a {@code webhook-id}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoOfEverythingIT {

    private static final int INSTANCES = 2;
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final int CADENCE = 30;
    private static final Set<String> REMINDERS = Set.of(
            "relationship.due", "relationship.overdue", "relationship.non_responsive", "relationship.ask_too_soon");
    private static final Pattern DELIVERY_ID = Pattern.compile("(?m)^X-Kit-Delivery-Id: (\\S+)");

    /** Another instance learns a preference or an endpoint at its next reload (2 s here): three of them. */
    private static final Duration RELOADS = Duration.ofSeconds(6);

    private static LocalStack stack;

    @BeforeAll
    static void twoOfEverything() {
        SystemStack.stop(); // one stack at a time on this machine: the shared one is started again by whoever needs it
        Path data = SystemStack.ROOT.resolve("infra/system-tests/target/scale-out-" + System.currentTimeMillis());
        stack = new LocalStack(
                Settings.forTests(SystemStack.ROOT, data, SystemStack.TEST_ENVIRONMENT, INSTANCES),
                line -> System.out.println("[scale-out] " + line));
        long t0 = System.nanoTime();
        try {
            stack.startAll(); // without HAProxy: "... install it with apt-get install haproxy"
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        System.out.printf("[scale-out] %s ready in %.1f s%n", stack.processes(), (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theSameAddressSentToBothInstancesAtOnceMakesOneContactAndA409() throws Exception {
        People erin = People.recruiter(stack, "erin");
        String token = stack.token(erin.id(), "recruiter", Duration.ofHours(1));
        List<HttpApi> instances = stack.instances("contact-service").stream()
                .map(instance ->
                        HttpApi.at(stack.settings().instanceUrl(instance)).as(token))
                .toList();
        List<String> addresses = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(instances.size());
        try {
            for (int round = 0; round < 8; round++) {
                String address = "twice-" + UUID.randomUUID() + "@people.example";
                addresses.add(address);
                CyclicBarrier together = new CyclicBarrier(instances.size());
                List<Future<Response>> sent = new ArrayList<>();
                for (HttpApi instance : instances) {
                    sent.add(senders.submit(() -> {
                        together.await();
                        return instance.post("/api/contacts", """
                                {"name":"Twice Tessa","emails":["%s"],"cadenceDays":30}""".formatted(address));
                    }));
                }
                List<Response> answers = new ArrayList<>();
                for (Future<Response> answer : sent) {
                    answers.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(answers)
                        .as("both answers for " + address)
                        .extracting(Response::status)
                        .containsExactlyInAnyOrder(201, 409);
                assertThat(answers.stream()
                                .filter(a -> a.status() == 409)
                                .findFirst()
                                .orElseThrow()
                                .contentType())
                        .startsWith("application/problem+json");
            }
        } finally {
            senders.shutdownNow();
        }

        JsonNode contacts = erin.contacts().get("/api/contacts?limit=100").json();
        assertThat(contacts.path("items").findValuesAsString("name")).hasSize(addresses.size());
        List<String> emails = new ArrayList<>();
        for (JsonNode contact : contacts.path("items")) {
            contact.path("emails").forEach(email -> emails.add(email.asString()));
        }
        assertThat(emails).containsExactlyInAnyOrderElementsOf(addresses);
    }

    @Test
    @Order(2)
    void bothInstancesSeeADigestPeriodBeginAndOneDigestIsSent() {
        People dana = People.recruiter(stack, "dana");
        Instant now = Instant.now();
        try (Receiver receiver = Receiver.start()) {
            dana.subscribe(receiver);
            await().pollDelay(RELOADS).until(() -> true);
            String first = dana.contact("Priya Pending", 30);
            String second = dana.contact("Ravi Remote", 60);
            dana.touched(first, "MEETING", "OUTBOUND", now.minus(200, ChronoUnit.DAYS));
            dana.touched(second, "CALL", "INBOUND", now.minus(70, ChronoUnit.DAYS));
            // Both transitions reached the notifier once their webhooks arrive.
            await().atMost(SETTLE).until(() -> receiver.received().size() >= 2);
        }
        dana.emailMe("DAILY_DIGEST", "America/New_York", 7);
        try (MongoClient mongo = MongoClients.create(stack.settings().mongoUri())) {
            MongoCollection<Document> preferences =
                    mongo.getDatabase("notifications").getCollection("preferences");
            String current =
                    preferences.find(Filters.eq("_id", dana.id())).first().getString("lastDigest");
            assertThat(current).as("the period handled when she chose digests").startsWith("D");
            // The day turns over: the period she has had is yesterday's, today's is due at both instances.
            String yesterday = "D" + LocalDate.parse(current.substring(1)).minusDays(1);
            preferences.updateOne(Filters.eq("_id", dana.id()), Updates.set("lastDigest", yesterday));

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(Mail.inbox(stack.settings(), dana.email()))
                            .singleElement()
                            .satisfies(digest -> {
                                assertThat(digest.subject()).startsWith("2 relationships need you (");
                                assertThat(digest.mime()).contains("Priya Pending", "Ravi Remote");
                            }));
            await().during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(12))
                    .untilAsserted(() -> assertThat(Mail.inbox(stack.settings(), dana.email()))
                            .hasSize(1));
            assertThat(preferences.find(Filters.eq("_id", dana.id())).first().getString("lastDigest"))
                    .isEqualTo(current);
        }
    }

    @Test
    @Order(3)
    void killingOneInstanceOfEachServiceMidFlowLosesNothingAndRepeatsNothing() throws Exception {
        People sam = People.recruiter(stack, "sam");
        sam.emailMe("IMMEDIATE", "Europe/Berlin", 8);
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            contacts.add(sam.contact("Contact " + i + " of " + sam.id(), CADENCE));
        }
        List<Flow.Touch> touches = Flow.inboundMeetings(contacts, 1_200, 400, 23);
        long t0 = System.nanoTime();
        try (Receiver receiver = Receiver.start()) {
            sam.subscribe(receiver);
            await().pollDelay(RELOADS).until(() -> true);
            // 30 interactions/s: about 40 s of flow; one instance of each service dies in its first half.
            try (Flow flow = new Flow(sam, touches, 30, 10, 2).start()) {
                for (String service : LocalStack.SERVICES) {
                    String victim = stack.instances(service).get(0);
                    int at = flow.acknowledged();
                    await().atMost(SETTLE).until(() -> flow.acknowledged() >= at + 120);
                    assertThat(flow.acknowledged())
                            .as("still flowing when " + victim + " dies")
                            .isLessThan(1_200);
                    stack.kill(victim);
                    assertThat(stack.isAlive(victim)).isFalse();
                }
                assertThat(flow.awaitDone(SETTLE))
                        .as("all interactions acknowledged")
                        .isTrue();
                assertThat(flow.refused()).isEmpty();
                assertThat(flow.acknowledged()).isEqualTo(1_200);
                System.out.printf(
                        "[scale-out] flow done in %.1f s, %d batches sent again%n",
                        (System.nanoTime() - t0) / 1e9, flow.retries());
            }
            Flow.assertEveryRelationshipAtItsLatestTouch(sam, touches, CADENCE, SETTLE);
            List<JsonNode> announced = awaitEveryAnnouncementDelivered(sam, receiver);
            assertNoTransitionAnnouncedTwice(announced);
            assertEveryReminderEmailedOnce(sam, announced);
            System.out.printf(
                    "[scale-out] %d transitions announced, %d webhook requests (%d repeats), in %.1f s%n",
                    receiver.webhookIds().size(),
                    receiver.received().size(),
                    receiver.received().size() - receiver.webhookIds().size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        for (String service : LocalStack.SERVICES) {
            assertThat(stack.isAlive(stack.instances(service).get(1)))
                    .as(service + "'s other instance")
                    .isTrue();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Every transition event of the owner reached the receiver, signed, and nothing else did; a
     * repeated webhook-id carries the same message. The events, as announced on the topic.
     */
    private static List<JsonNode> awaitEveryAnnouncementDelivered(People who, Receiver receiver) {
        List<List<JsonNode>> events = new ArrayList<>();
        await().atMost(SETTLE).untilAsserted(() -> {
            List<JsonNode> announced = Topics.read(
                    stack.settings().kafkaBootstrap(),
                    "relationships.v1",
                    e -> who.id().equals(e.path("ownerId").asString()));
            Set<String> expected = announced.stream()
                    .map(e -> "msg_" + e.path("id").asString().replace("-", ""))
                    .collect(Collectors.toSet());
            assertThat(expected).isNotEmpty();
            assertThat(receiver.webhookIds()).containsExactlyInAnyOrderElementsOf(expected);
            events.add(announced);
        });
        assertThat(receiver.invalid()).as("webhooks with a wrong signature").isZero();
        assertThat(receiver.bodiesById())
                .as("a repeated webhook-id carries the same message")
                .allSatisfy((id, bodies) -> assertThat(bodies).hasSize(1));
        return events.get(events.size() - 1);
    }

    /**
     * Per relationship, one event per sequence number (the outbox may publish one twice, with its
     * id), and no transition that only repeats the one before it: two instances announced it.
     */
    private static void assertNoTransitionAnnouncedTwice(List<JsonNode> announced) {
        Map<String, Map<Long, JsonNode>> byContact = new HashMap<>();
        for (JsonNode event : announced) {
            JsonNode earlier = byContact
                    .computeIfAbsent(event.path("subject").asString(), c -> new HashMap<>())
                    .putIfAbsent(event.path("sequence").asLong(), event);
            if (earlier != null) {
                assertThat(earlier.path("id").asString())
                        .as("the event with sequence " + event.path("sequence") + " of " + event.path("subject"))
                        .isEqualTo(event.path("id").asString());
            }
        }
        byContact.forEach((contact, bySequence) -> {
            List<JsonNode> inOrder = bySequence.values().stream()
                    .sorted(Comparator.comparingLong(e -> e.path("sequence").asLong()))
                    .toList();
            for (int i = 1; i < inOrder.size(); i++) {
                assertThat(transition(inOrder.get(i)))
                        .as("announcement " + inOrder.get(i).path("sequence") + " of " + contact)
                        .isNotEqualTo(transition(inOrder.get(i - 1)));
            }
        });
    }

    private static String transition(JsonNode event) {
        JsonNode state = event.path("data").path("state");
        return event.path("type").asString() + " "
                + state.path("previousStatus").asString() + "->"
                + state.path("status").asString() + " at "
                + state.path("lastTouchAt").asString();
    }

    /** One email per reminder: a repeat (at-least-once SMTP) carries the same delivery id and subject. */
    private static void assertEveryReminderEmailedOnce(People who, List<JsonNode> announced) {
        long reminders = announced.stream()
                .filter(e -> REMINDERS.contains(e.path("type").asString()))
                .map(e -> e.path("id").asString())
                .distinct()
                .count();
        assertThat(reminders).isPositive();
        await().atMost(SETTLE).untilAsserted(() -> {
            Map<String, Set<String>> subjectsById = new HashMap<>();
            for (Mail.Message message : Mail.inbox(stack.settings(), who.email())) {
                Matcher id = DELIVERY_ID.matcher(message.mime());
                assertThat(id.find()).as("delivery id of " + message.subject()).isTrue();
                subjectsById.computeIfAbsent(id.group(1), d -> new HashSet<>()).add(message.subject());
            }
            assertThat(subjectsById).as("reminder emails by delivery id").hasSize((int) reminders);
            assertThat(subjectsById)
                    .allSatisfy((id, subjects) -> assertThat(subjects).hasSize(1));
        });
    }
}
