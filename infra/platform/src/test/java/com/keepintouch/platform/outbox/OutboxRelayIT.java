package com.keepintouch.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.sample.SampleApplication;
import com.keepintouch.platform.sample.SampleEventHandler;
import com.keepintouch.platform.tracing.TraceContexts;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The outbox relay on the real broker and Mongo wire server: nothing lost, nothing reordered. */
@SpringBootTest(classes = SampleApplication.class)
@WithInfrastructure
class OutboxRelayIT {

    static final String TOPIC = "platform-test.v1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    MongoDatabase database;

    @Autowired
    @Qualifier("widgetsOutbox")
    OutboxSource widgets;

    @Autowired
    Tracer tracer;

    @Autowired
    SampleEventHandler consumer;

    @AfterEach
    void relayRuns() {
        relay.start();
    }

    @Test
    void eventWrittenWhileTheRelayIsDownArrivesOnceAfterItRestarts() {
        relay.stop();
        String contactId = "c-" + UUID.randomUUID();
        try (KafkaProbe probe = KafkaProbe.subscribe(TOPIC)) {
            changeContact(contactId, 1);

            assertThat(probe.drain(Duration.ofSeconds(1))).noneMatch(r -> contactId.equals(r.key()));
            assertThat(widget(contactId).getList(Outbox.PENDING_EVENTS, Document.class))
                    .hasSize(1);

            relay.start();
            List<ConsumerRecord<String, String>> records =
                    probe.await(1, r -> contactId.equals(r.key()), Duration.ofSeconds(20));
            assertThat(probe.drain(Duration.ofSeconds(1)).stream().filter(r -> contactId.equals(r.key())))
                    .hasSize(1);

            JsonNode event = JSON.readTree(records.get(0).value());
            assertThat(EventSchemas.load().violations(event)).isEmpty();
            assertThat(event.path("sequence").asLong()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Document widget = widget(contactId);
            assertThat(widget.getList(Outbox.PENDING_EVENTS, Document.class)).isEmpty();
            assertThat(widget.containsKey(Outbox.PENDING_SINCE)).isFalse();
        });
    }

    @Test
    void keepsTheOrderOfEveryAggregatesEvents() {
        relay.stop();
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            contacts.add("c-" + UUID.randomUUID());
        }
        try (KafkaProbe probe = KafkaProbe.subscribe(TOPIC)) {
            for (int sequence = 1; sequence <= 5; sequence++) {
                for (String contactId : contacts) {
                    changeContact(contactId, sequence);
                }
            }
            relay.start();

            List<ConsumerRecord<String, String>> records =
                    probe.await(200, r -> contacts.contains(r.key()), Duration.ofSeconds(30));

            Map<String, List<Long>> sequencesByContact = records.stream()
                    .collect(Collectors.groupingBy(
                            ConsumerRecord::key,
                            Collectors.mapping(
                                    r -> JSON.readTree(r.value())
                                            .path("sequence")
                                            .asLong(),
                                    Collectors.toList())));
            assertThat(sequencesByContact).hasSize(40);
            sequencesByContact.forEach(
                    (contact, sequences) -> assertThat(sequences).as(contact).containsExactly(1L, 2L, 3L, 4L, 5L));
        }
    }

    @Test
    void anAnnouncedWriteIsPublishedWithoutWaitingForAScan() {
        String contactId = "c-" + UUID.randomUUID();
        try (KafkaProbe probe = KafkaProbe.subscribe(TOPIC)) {
            changeContact(contactId, 1);
            relay.enqueue(widgets, contactId);

            probe.await(1, r -> contactId.equals(r.key()), Duration.ofSeconds(10));
        }
    }

    @Test
    void anotherInstanceWaitsWhileTheLeaseIsHeld() {
        RelayLease other = RelayLeases.forService(database, "contact-service", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> !other.acquire());

        relay.stop();
        assertThat(other.acquire()).as("a released lease is free at once").isTrue();
        other.release();
    }

    @Test
    void anEventStagedInATraceIsPublishedAndConsumedInThatTraceFromTheRelaysThread() {
        relay.stop();
        String contactId = "c-" + UUID.randomUUID();
        Span request = tracer.nextSpan().name("POST /api/contacts").start();
        try (KafkaProbe probe = KafkaProbe.subscribe(TOPIC)) {
            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                changeContact(contactId, 1);
            } finally {
                request.end();
            }
            String traceId = request.context().traceId();
            assertThat(widget(contactId).getList(Outbox.PENDING_EVENTS, Document.class))
                    .singleElement()
                    .satisfies(pending -> assertThat(pending.getString("traceparent"))
                            .as("stored with the pending event")
                            .isEqualTo("00-" + traceId + "-" + request.context().spanId() + "-"
                                    + (Boolean.TRUE.equals(request.context().sampled()) ? "01" : "00")));

            relay.start();
            ConsumerRecord<String, String> record = probe.await(
                            1, r -> contactId.equals(r.key()), Duration.ofSeconds(20))
                    .get(0);

            String[] published = traceparent(record).split("-");
            assertThat(published[1]).as("trace id on Kafka").isEqualTo(traceId);
            assertThat(published[2])
                    .as("the relay's producer span, a child of the request's")
                    .isNotEqualTo(request.context().spanId());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(consumer.handled())
                            .filteredOn(event -> contactId.equals(event.subject()))
                            .singleElement()
                            .satisfies(event -> assertThat(event.traceparent()).isEqualTo(traceparent(record))));
        }
    }

    @Test
    void aPendingEventStoredWithoutATraceIsStillPublishedInATraceOfItsOwn() {
        relay.stop();
        String contactId = "c-" + UUID.randomUUID();
        try (KafkaProbe probe = KafkaProbe.subscribe(TOPIC)) {
            changeContact(contactId, 1);
            // as documents staged before events kept their trace look
            database.getCollection("widgets")
                    .updateOne(Filters.eq("_id", contactId), Updates.unset(Outbox.PENDING_EVENTS + ".0.traceparent"));
            assertThat(widget(contactId).getList(Outbox.PENDING_EVENTS, Document.class))
                    .singleElement()
                    .satisfies(pending -> assertThat(pending).doesNotContainKey("traceparent"));

            relay.start();
            ConsumerRecord<String, String> record = probe.await(
                            1, r -> contactId.equals(r.key()), Duration.ofSeconds(20))
                    .get(0);

            assertThat(traceparent(record)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(widget(contactId).getList(Outbox.PENDING_EVENTS, Document.class))
                        .isEmpty());
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(TraceContexts.TRACEPARENT);
        assertThat(header).as("traceparent header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** What a service does: change the aggregate and stage its event in one document update. */
    private void changeContact(String contactId, long sequence) {
        StagedEvent event = outbox.event(
                TOPIC,
                "contact.deleted",
                contactId,
                "alice",
                sequence,
                Map.of(
                        "contactId",
                        contactId,
                        "ownerId",
                        "alice",
                        "deletedAt",
                        Instant.now().toString()));
        database.getCollection("widgets")
                .updateOne(
                        Filters.eq("_id", contactId),
                        Updates.combine(Updates.set("version", sequence), outbox.append(event)),
                        new UpdateOptions().upsert(true));
        relay.wakeUp();
    }

    private Document widget(String id) {
        return database.getCollection("widgets").find(Filters.eq("_id", id)).first();
    }
}
