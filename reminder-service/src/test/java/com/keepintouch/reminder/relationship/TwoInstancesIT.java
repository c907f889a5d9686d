package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Two reminder-service instances on one database and one consumer group: every transition still comes exactly once. */
class TwoInstancesIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int CONTACTS = 60;

    static KafkaTemplate<String, String> kafka() {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    @Test
    void sweepsAndConsumersOfTwoInstancesAnnounceEachTransitionOnce() {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
        String database = "two-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "two-instances-" + UUID.randomUUID();
        String owner = "two-" + UUID.randomUUID().toString().substring(0, 6);
        ReminderEvents events = new ReminderEvents(kafka());
        List<String> contacts = IntStream.range(0, CONTACTS)
                .mapToObj(i -> ReminderEvents.newContactId())
                .toList();

        try (ReminderInstance first = ReminderInstance.start(database, group, clock);
                ReminderInstance second = ReminderInstance.start(database, group, clock);
                KafkaProbe probe = KafkaProbe.subscribe("relationships.v1")) {
            Instant start = clock.instant();
            for (String contactId : contacts) {
                events.contactCreated(contactId, owner, start, start, d -> d.put("tier", "CLOSE"));
                events.interaction("i_" + UUID.randomUUID(), contactId, owner, "MEETING", "OUTBOUND", start);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> first.as(owner, "recruiter")
                                    .get("/api/relationships/summary")
                                    .json()
                                    .path("byStatus")
                                    .path("OK")
                                    .asLong()
                            == CONTACTS);

            clock.advance(Duration.ofDays(30));
            probe.await(
                    CONTACTS,
                    r -> contacts.contains(r.key()) && r.value().contains("relationship.due"),
                    Duration.ofSeconds(30));
            clock.advance(Duration.ofDays(15));
            probe.await(
                    CONTACTS,
                    r -> contacts.contains(r.key()) && r.value().contains("relationship.overdue"),
                    Duration.ofSeconds(30));
            for (String contactId : contacts) {
                events.interaction("i_" + UUID.randomUUID(), contactId, owner, "CALL", "INBOUND", clock.instant());
            }
            probe.await(
                    CONTACTS,
                    r -> contacts.contains(r.key()) && r.value().contains("relationship.recovered"),
                    Duration.ofSeconds(30));
            clock.advance(Duration.ofDays(1));

            Set<String> ours = Set.copyOf(contacts);
            List<ConsumerRecord<String, String>> all = probe.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> ours.contains(r.key()))
                    .toList();
            // One decision per transition: one event id per contact and type. The relay is
            // at-least-once, so one event (the same id) may be delivered twice; consumers drop the copy by id.
            Map<String, Set<String>> eventIds = all.stream()
                    .collect(Collectors.groupingBy(
                            r -> r.key() + " "
                                    + JSON.readTree(r.value()).path("type").asString(),
                            Collectors.mapping(
                                    r -> JSON.readTree(r.value()).path("id").asString(), Collectors.toSet())));
            assertThat(eventIds).hasSize(CONTACTS * 3);
            assertThat(eventIds)
                    .allSatisfy((contactAndType, ids) ->
                            assertThat(ids).as(contactAndType).hasSize(1));
        }
    }
}
