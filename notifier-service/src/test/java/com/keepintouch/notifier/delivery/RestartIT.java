package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.support.NotifierInstance;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.notifier.support.WebhookReceiver;
import com.keepintouch.notifier.support.WebhookReceiver.Answer;
import com.keepintouch.notifier.support.WebhookReceiver.Received;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.SettableClock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Stuck work: deliveries whose time has passed are picked up after a restart, whether they were
 * waiting for a retry or in flight when the process went away.
 */
class RestartIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static KafkaTemplate<String, String> kafka;

    @BeforeAll
    static void producer() {
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    @AfterAll
    static void closeProducer() {
        kafka.destroy();
    }

    static String database() {
        return "restart-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String endpoint(NotifierInstance instance, String owner, WebhookReceiver receiver) {
        Response created =
                instance.as(owner, "recruiter").post("/api/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        receiver.verifyWith(created.json().path("secret").asString());
        return created.json().path("id").asString();
    }

    static int delivered(NotifierInstance instance, String owner) {
        return instance.as(owner, "recruiter")
                .get("/api/deliveries?status=DELIVERED&limit=100")
                .json()
                .path("items")
                .size();
    }

    static Set<String> ids(WebhookReceiver receiver) {
        return receiver.received().stream().map(Received::webhookId).collect(Collectors.toSet());
    }

    @Test
    void retriesWaitingWhenTheServiceStoppedAreMadeByTheNextOne() {
        SettableClock clock = new SettableClock(NotifierTestClock.START);
        String database = database();
        String group = "restart-it-" + UUID.randomUUID();
        String owner = RelationshipEvents.newOwner("tess");
        AtomicReference<Answer> answer = new AtomicReference<>(Answer.status(500));
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> answer.get());
            try (NotifierInstance first = NotifierInstance.start(database, group, clock)) {
                endpoint(first, owner, receiver);
                RelationshipEvents events = new RelationshipEvents(kafka);
                for (int i = 0; i < 20; i++) {
                    events.publish(
                            "relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
                }
                await().atMost(WAIT).until(() -> ids(receiver).size() == 20);
                await().atMost(WAIT)
                        .until(() -> first
                                        .as(owner, "recruiter")
                                        .get("/api/deliveries?status=PENDING&limit=100")
                                        .json()
                                        .path("items")
                                        .findValues("attempts")
                                        .stream()
                                        .filter(n -> n.asInt() == 1)
                                        .count()
                                == 20);
            }
            answer.set(Answer.status(204));
            clock.advance(Duration.ofMinutes(1));
            int before = receiver.received().size();

            try (NotifierInstance second = NotifierInstance.start(database, group, clock)) {
                await().atMost(WAIT).until(() -> receiver.received().size() >= before + 20);
                await().atMost(WAIT).until(() -> delivered(second, owner) == 20);
            }
            assertThat(ids(receiver)).hasSize(20);
        }
    }

    @Test
    void attemptsInFlightWhenTheServiceWentAwayAreMadeAgainAfterTheirLease() {
        SettableClock clock = new SettableClock(NotifierTestClock.START);
        String database = database();
        String group = "restart-it-" + UUID.randomUUID();
        String owner = RelationshipEvents.newOwner("uma");
        AtomicReference<Answer> answer = new AtomicReference<>(WebhookReceiver.HANG);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> answer.get());
            try (NotifierInstance first = NotifierInstance.start(database, group, clock)) {
                endpoint(first, owner, receiver);
                RelationshipEvents events = new RelationshipEvents(kafka);
                for (int i = 0; i < 10; i++) {
                    events.publish(
                            "relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
                }
                await().atMost(WAIT).until(() -> receiver.hanging() == 10);
            } // gone with 10 attempts in flight: nothing was recorded
            answer.set(Answer.status(200));
            clock.advance(Duration.ofMinutes(2)); // past their lease

            try (NotifierInstance second = NotifierInstance.start(database, group, clock)) {
                await().atMost(WAIT).until(() -> delivered(second, owner) == 10);
            }
            // Each message arrived again with the same webhook-id: a receiver can tell the repeat.
            assertThat(receiver.received()).hasSize(20);
            assertThat(ids(receiver)).hasSize(10);
        }
    }
}
