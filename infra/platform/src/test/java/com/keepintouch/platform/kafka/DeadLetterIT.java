package com.keepintouch.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.sample.SampleApplication;
import com.keepintouch.platform.sample.SampleEventHandler;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.WithInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ObjectNode;

/** Poison and failing records go to the dead-letter topic unchanged, and the consumer goes on. */
@SpringBootTest(classes = SampleApplication.class)
@WithInfrastructure
class DeadLetterIT {

    static final String TOPIC = "platform-test.v1";

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SampleEventHandler handler;

    @Autowired
    KafkaBacklog backlog;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theBacklogShowsHowManyRecordsWaitInTheDeadLetterTopicAndEachGroupsLag() throws Exception {
        String key = "c-" + UUID.randomUUID();
        long before = backlog.measure().deadLetters().getOrDefault(TOPIC + ".DLT", 0L);
        try (KafkaProbe dlt = KafkaProbe.subscribe(TOPIC + ".DLT")) {
            kafka.send(TOPIC, key, "{poison for the backlog");
            dlt.await(1, r -> key.equals(r.key()), Duration.ofSeconds(30));
        }

        KafkaBacklog.Snapshot snapshot = backlog.measure();

        assertThat(snapshot.deadLetters()).containsKey(TOPIC + ".DLT");
        assertThat(snapshot.deadLetters().get(TOPIC + ".DLT")).isEqualTo(before + 1);
        assertThat(snapshot.deadLettersTotal()).isGreaterThanOrEqualTo(before + 1);
        assertThat(snapshot.lag()).anySatisfy(lag -> {
            assertThat(lag.topic()).isEqualTo(TOPIC);
            assertThat(lag.records()).isGreaterThanOrEqualTo(0);
        });
        assertThat(meters.get("kit.kafka.dlt.depth")
                        .tag("topic", TOPIC + ".DLT")
                        .gauge()
                        .value())
                .isEqualTo(before + 1);
    }

    @Test
    void malformedRecordIsDeadLetteredAndTheNextOneIsProcessed() {
        String key = "c-" + UUID.randomUUID();
        try (KafkaProbe dlt = KafkaProbe.subscribe(TOPIC + ".DLT")) {
            kafka.send(TOPIC, key, "{this is not json");
            String good = validEvent(key);
            kafka.send(TOPIC, key, good);

            ConsumerRecord<String, String> dead = dlt.await(1, r -> key.equals(r.key()), Duration.ofSeconds(30))
                    .get(0);
            assertThat(dead.value()).isEqualTo("{this is not json");
            assertThat(header(dead, KafkaPlatformConfiguration.REASON_HEADER)).contains("not JSON");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(handler.handled())
                            .anyMatch(e -> e.subject().equals(key)));
        }
    }

    @Test
    void schemaInvalidEventIsDeadLetteredWithoutRetries() {
        String key = "c-" + UUID.randomUUID();
        ObjectNode invalid = (ObjectNode)
                EventSchemas.load().examples("contact.deleted").get(0).deepCopy();
        invalid.put("subject", key);
        ((ObjectNode) invalid.get("data")).remove("deletedAt");
        try (KafkaProbe dlt = KafkaProbe.subscribe(TOPIC + ".DLT")) {
            kafka.send(TOPIC, key, invalid.toString());

            ConsumerRecord<String, String> dead = dlt.await(1, r -> key.equals(r.key()), Duration.ofSeconds(30))
                    .get(0);
            assertThat(header(dead, KafkaPlatformConfiguration.REASON_HEADER)).contains("deletedAt");
            assertThat(handler.handled()).noneMatch(e -> e.subject().equals(key));
        }
    }

    @Test
    void recordWhoseHandlerKeepsFailingIsDeadLetteredAfterRetries() {
        try (KafkaProbe dlt = KafkaProbe.subscribe(TOPIC + ".DLT")) {
            String failing = validEvent("explode");
            kafka.send(TOPIC, "explode", failing);
            String after = "c-" + UUID.randomUUID();
            kafka.send(TOPIC, after, validEvent(after));

            ConsumerRecord<String, String> dead = dlt.await(
                            1, r -> "explode".equals(r.key()) && r.value().equals(failing), Duration.ofSeconds(30))
                    .get(0);
            assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
            assertThat(header(dead, KafkaPlatformConfiguration.REASON_HEADER)).contains("handler cannot process");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(handler.handled())
                            .anyMatch(e -> e.subject().equals(after)));
        }
    }

    private static String validEvent(String subject) {
        ObjectNode event = (ObjectNode)
                EventSchemas.load().examples("contact.deleted").get(0).deepCopy();
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", subject);
        ((ObjectNode) event.get("data")).put("contactId", subject);
        return event.toString();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
