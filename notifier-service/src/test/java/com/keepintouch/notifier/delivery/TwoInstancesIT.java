package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.NotifierInstance;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.notifier.support.WebhookReceiver;
import com.keepintouch.notifier.support.WebhookReceiver.Received;
import com.keepintouch.notifier.webhook.EndpointCache;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.SettableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Two notifier-service instances on one database and one consumer group, both sweeping, scanning
 * for stuck work and checking digests: each webhook and each email is sent once, and each digest
 * once per period.
 */
class TwoInstancesIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int EVENTS = 24;
    static KafkaTemplate<String, String> kafka;

    @BeforeAll
    static void producer() {
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    @AfterAll
    static void closeProducer() {
        kafka.destroy();
    }

    static NotifierInstance start(String database, String group, SettableClock clock, Mailbox mail) {
        return NotifierInstance.start(
                database,
                group,
                clock,
                "spring.mail.port=" + mail.port(),
                "kit.email.digest-check-interval=100ms",
                "kit.webhooks.endpoint-refresh=200ms");
    }

    static void prefer(NotifierInstance instance, String owner, String json) {
        Response saved = instance.as(owner, "recruiter")
                .send(
                        "PUT",
                        "/api/preferences/me",
                        Map.of("content-type", "application/json"),
                        BodyPublishers.ofString(json));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    @Test
    void eachWebhookAndEmailIsSentOnceAndEachDigestOncePerPeriod() {
        SettableClock clock = new SettableClock(NotifierTestClock.START);
        String database = "notifier-two-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "notifier-two-" + UUID.randomUUID();
        String owner = RelationshipEvents.newOwner("tia");
        String address = owner + "@example.com";
        String reader = RelationshipEvents.newOwner("dora");
        String digestAddress = reader + "@example.com";
        RelationshipEvents events = new RelationshipEvents(kafka);
        try (Mailbox mail = Mailbox.start();
                WebhookReceiver receiver = WebhookReceiver.start();
                MongoClient mongo = MongoClients.create(Infrastructure.get().mongoUri());
                NotifierInstance first = start(database, group, clock, mail);
                NotifierInstance second = start(database, group, clock, mail)) {
            Response endpoint =
                    first.as(owner, "recruiter").post("/api/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
            receiver.verifyWith(endpoint.json().path("secret").asString());
            for (NotifierInstance instance : List.of(first, second)) {
                // Each instance keeps the preferences it saved in memory at once; the other reads them on its next
                // check.
                prefer(instance, owner, "{\"email\":\"" + address + "\",\"mode\":\"IMMEDIATE\"}");
                prefer(
                        instance,
                        reader,
                        "{\"email\":\"" + digestAddress
                                + "\",\"mode\":\"DAILY_DIGEST\",\"timezone\":\"UTC\",\"digestHour\":8}");
            }
            await().atMost(WAIT)
                    .until(() -> List.of(first, second).stream()
                            .allMatch(i -> !i.context()
                                    .getBean(EndpointCache.class)
                                    .subscribers(owner, "relationship.due")
                                    .isEmpty()));

            // Events of many contacts: their partitions are shared out between the two consumers.
            for (int i = 0; i < EVENTS; i++) {
                events.publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
            }
            events.publish("relationship.due", RelationshipEvents.newContactId(), reader, "DUE", clock.instant());
            events.publish(
                    "relationship.overdue", RelationshipEvents.newContactId(), reader, "OVERDUE", clock.instant());

            await().atMost(WAIT).until(() -> receiver.received().size() >= EVENTS);
            await().atMost(WAIT).until(() -> mail.to(address).size() >= EVENTS);
            await().atMost(WAIT)
                    .until(() -> mongo.getDatabase(database)
                                    .getCollection("relationship_states")
                                    .countDocuments(Filters.eq("ownerId", reader))
                            == 2);

            // 08:00 UTC: both instances find the digest due at once.
            clock.set(Instant.parse("2026-03-28T08:00:30Z"));
            await().atMost(WAIT).until(() -> mail.to(digestAddress).size() >= 1);

            // Sweeps, stuck-work scans and digest checks go on in both instances: nothing more is sent.
            await().during(Duration.ofSeconds(3))
                    .atMost(WAIT)
                    .until(() -> receiver.received().size() == EVENTS
                            && mail.to(address).size() == EVENTS
                            && mail.to(digestAddress).size() == 1);
            List<String> webhookIds =
                    receiver.received().stream().map(Received::webhookId).toList();
            assertThat(webhookIds).hasSize(EVENTS).doesNotHaveDuplicates();
            assertThat(mail.to(address)).hasSize(EVENTS);
            assertThat(mail.to(address).stream()
                            .map(m -> header(m, "X-Kit-Delivery-Id"))
                            .collect(Collectors.toSet()))
                    .hasSize(EVENTS);
            assertThat(mail.to(digestAddress)).hasSize(1);
        }
    }

    static String header(jakarta.mail.internet.MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
