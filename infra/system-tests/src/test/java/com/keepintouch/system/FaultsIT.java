package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.testkit.HttpApi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * What production will do to the system, done to the real processes: {@code kill -9}, a broker and
 * a database that go away and come back, a receiver that is down for a while, poison on every
 * topic. Nothing lost is checked by counting at the receiver and in the relationship states.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final int CADENCE = 30;

    private static LocalStack stack;

    @BeforeEach
    void healthyStack() {
        stack = SystemStack.healthy();
    }

    @Test
    @Order(1)
    void killingEachServiceWhileTenThousandInteractionsFlowLosesNothing() throws Exception {
        People fay = People.recruiter("fay");
        List<String> contacts = contacts(fay, 100);
        List<Flow.Touch> touches = Flow.inboundMeetings(contacts, 10_000, 400, 7);
        try (Receiver receiver = Receiver.start()) {
            fay.subscribe(receiver);
            // 60 interactions/s: about 170 s of flow, long enough for four kills and restarts in it.
            try (Flow flow = new Flow(fay, touches, 60, 10, 4).start()) {
                for (String service : LocalStack.SERVICES) {
                    int at = flow.acknowledged();
                    await().atMost(SETTLE).until(() -> flow.acknowledged() >= at + 500);
                    assertThat(flow.acknowledged())
                            .as("still flowing when " + service + " dies")
                            .isLessThan(10_000);
                    stack.kill(service);
                    assertThat(stack.isAlive(service)).isFalse();
                    stack.start(service);
                }
                assertThat(flow.awaitDone(SETTLE))
                        .as("all interactions acknowledged")
                        .isTrue();
                assertThat(flow.refused()).isEmpty();
                assertThat(flow.acknowledged()).isEqualTo(10_000);
            }
            assertNothingLost(fay, contacts, touches, receiver);
        }
    }

    @Test
    @Order(2)
    void theBrokerAndTheDatabaseGoingAwayAreReportedAndRecoveredFromWithoutLoss() throws Exception {
        People gus = People.recruiter("gus");
        List<String> contacts = contacts(gus, 20);
        List<Flow.Touch> touches = Flow.inboundMeetings(contacts, 1_000, 200, 11);
        try (Receiver receiver = Receiver.start()) {
            gus.subscribe(receiver);
            try (Flow flow = new Flow(gus, touches, 20, 5, 2).start()) {
                for (String dependency : List.of("kafka", "mongo")) {
                    int at = flow.acknowledged();
                    await().atMost(SETTLE).until(() -> flow.acknowledged() >= at + 200);
                    stack.stop(dependency);
                    try {
                        await().atMost(Duration.ofSeconds(60))
                                .untilAsserted(() -> LocalStack.SERVICES.forEach(service -> assertThat(health(service))
                                        .as(service + " without " + dependency)
                                        .isEqualTo(503)));
                    } finally {
                        stack.start(dependency);
                    }
                    await().atMost(Duration.ofSeconds(90))
                            .untilAsserted(() -> LocalStack.SERVICES.forEach(service -> assertThat(health(service))
                                    .as(service + " with " + dependency + " back")
                                    .isEqualTo(200)));
                }
                assertThat(flow.awaitDone(SETTLE)).isTrue();
                assertThat(flow.refused()).isEmpty();
            }
            assertNothingLost(gus, contacts, touches, receiver);
        }
    }

    @Test
    @Order(3)
    void aReceiverThatIsDownForAWhileGetsEverythingWhenItReturns() {
        People hal = People.recruiter("hal");
        try (Receiver receiver = Receiver.start()) {
            hal.subscribe(receiver, "relationship.overdue");
            receiver.down();
            Instant now = Instant.now();
            List<String> contacts = contacts(hal, 10);
            contacts.forEach(c -> hal.touched(c, "MEETING", "INBOUND", now.minus(200, ChronoUnit.DAYS)));
            // Attempts fail while it is down: the deliveries wait for their next attempt.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode pending = hal.notifier()
                        .get("/api/deliveries?status=PENDING&channel=WEBHOOK")
                        .json();
                assertThat(pending.path("items").size()).isEqualTo(10);
                pending.path("items")
                        .forEach(d -> assertThat(d.path("attempts").asInt()).isPositive());
            });
            assertThat(receiver.received()).isEmpty();

            receiver.up();

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(receiver.received().stream()
                                    .map(r -> r.json()
                                            .path("data")
                                            .path("contactId")
                                            .asString())
                                    .collect(Collectors.toSet()))
                            .containsExactlyInAnyOrderElementsOf(contacts));
            assertThat(receiver.invalid()).isZero();
        }
    }

    @Test
    @Order(4)
    void poisonOnEveryTopicGoesToItsDeadLetterTopicAndTheRestFlowsOn() {
        String poison = "{not an event " + UUID.randomUUID();
        Map<String, String> topics = Map.of(
                "contacts.v1", "c_poison" + UUID.randomUUID(),
                "interactions.v1", "c_poison" + UUID.randomUUID(),
                "relationships.v1", "c_poison" + UUID.randomUUID(),
                "notifications.v1", "ep_poison" + UUID.randomUUID());
        topics.forEach((topic, key) -> Topics.writeRaw(topic, Map.of(key, poison)));

        People ida = People.recruiter("ida");
        try (Receiver receiver = Receiver.start()) {
            ida.subscribe(receiver, "relationship.overdue");
            String contact = ida.contact("After The Poison", CADENCE);
            ida.touched(contact, "CALL", "INBOUND", Instant.now().minus(120, ChronoUnit.DAYS));
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(receiver.received())
                            .anySatisfy(r -> assertThat(r.body()).contains(contact)));
        }

        topics.keySet()
                .forEach(topic -> await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(Topics.readRaw(topic + ".DLT"))
                                .as(topic + ".DLT")
                                .contains(poison)));
        Map<String, String> consumerOf = Map.of(
                "contacts.v1", "reminder-service",
                "interactions.v1", "reminder-service",
                "relationships.v1", "notifier-service",
                "notifications.v1", "notifier-service");
        consumerOf.forEach((topic, service) -> await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(dltDepth(service, topic + ".DLT"))
                        .as("kit_kafka_dlt_depth of " + topic + ".DLT at " + service)
                        .isPositive()));
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> contacts(People who, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(who.contact("Contact " + i + " of " + who.id(), CADENCE));
        }
        return ids;
    }

    /**
     * Every relationship ends where its latest touch puts it; every transition event of the owner
     * reached the receiver, signed; a repeat only ever repeats a webhook-id with the same body.
     */
    private static void assertNothingLost(
            People who, List<String> contacts, List<Flow.Touch> touches, Receiver receiver) {
        Flow.assertEveryRelationshipAtItsLatestTouch(who, touches, CADENCE, SETTLE);

        await().atMost(SETTLE).untilAsserted(() -> {
            Set<String> expected =
                    Topics.read(
                                    "relationships.v1",
                                    e -> who.id().equals(e.path("ownerId").asString()))
                            .stream()
                            .map(e -> "msg_" + e.path("id").asString().replace("-", ""))
                            .collect(Collectors.toSet());
            assertThat(expected).isNotEmpty();
            assertThat(receiver.webhookIds()).containsExactlyInAnyOrderElementsOf(expected);
        });
        assertThat(receiver.invalid()).as("webhooks with a wrong signature").isZero();
        assertThat(receiver.bodiesById())
                .as("a repeated webhook-id carries the same message")
                .allSatisfy((id, bodies) -> assertThat(bodies).hasSize(1));
        System.out.printf(
                "[faults] %s: %d transitions delivered, %d requests (%d repeats)%n",
                who.id(),
                receiver.webhookIds().size(),
                receiver.received().size(),
                receiver.received().size() - receiver.webhookIds().size());
    }

    private static int health(String service) {
        try {
            return SystemStack.api(service).get("/actuator/health").status();
        } catch (RuntimeException unreachable) {
            return -1;
        }
    }

    private static double dltDepth(String service, String topic) {
        HttpApi.Response metrics = SystemStack.api(service).get("/actuator/prometheus");
        return metrics.body()
                .lines()
                .filter(line -> line.startsWith("kit_kafka_dlt_depth{") && line.contains("topic=\"" + topic + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max()
                .orElse(0);
    }
}
