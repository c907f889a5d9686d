package com.keepintouch.reminder.relationship;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.personal.PersonalData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes contacts.v1 and interactions.v1 events as their producers do, starting from the schemas'
 * own examples (so the first example of each type must stay valid for what is sent here).
 */
public final class ReminderEvents {

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final java.util.Map<String, ObjectNode> EXAMPLES = new java.util.concurrent.ConcurrentHashMap<>();

    private final KafkaTemplate<String, String> kafka;
    private final boolean awaitEach;
    private final PersonalData sealing;

    /** Each event is acknowledged by the broker before the call returns. */
    public ReminderEvents(KafkaTemplate<String, String> kafka) {
        this(kafka, true);
    }

    /** With {@code awaitEach} false, events are sent as fast as the producer takes them (call {@link #flush}). */
    ReminderEvents(KafkaTemplate<String, String> kafka, boolean awaitEach) {
        this(kafka, awaitEach, null);
    }

    private ReminderEvents(KafkaTemplate<String, String> kafka, boolean awaitEach, PersonalData sealing) {
        this.kafka = kafka;
        this.awaitEach = awaitEach;
        this.sealing = sealing;
    }

    /**
     * The same events with their personal fields sealed, as producers' outboxes send them now (without
     * it they go in the clear, as events published before sealing did).
     */
    ReminderEvents sealedBy(PersonalData personalData) {
        return new ReminderEvents(kafka, awaitEach, personalData);
    }

    /** contact.erased: contact-service erased the person (erasure {@code erasureId}). */
    void contactErased(String contactId, String owner, long sequence, String erasureId, Instant at) {
        publish("contacts.v1", "contact.erased", contactId, owner, sequence, null, d -> {
            d.put("erasureId", erasureId);
            d.put("erasedAt", at.toString());
        });
    }

    void flush() {
        kafka.flush();
    }

    public static String newContactId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    public void contactCreated(
            String contactId, String owner, Instant metAt, Instant createdAt, Consumer<ObjectNode> data) {
        publish("contacts.v1", "contact.created", contactId, owner, 1, null, d -> {
            d.put("name", "Jill " + contactId.substring(2, 8));
            d.put("tier", "REGULAR");
            d.putNull("cadenceDays");
            d.put("status", "ACTIVE");
            d.put("metAt", metAt.toString());
            d.put("createdAt", createdAt.toString());
            d.put("updatedAt", createdAt.toString());
            data.accept(d);
        });
    }

    void contactUpdated(String contactId, String owner, long sequence, Instant at, Consumer<ObjectNode> data) {
        publish("contacts.v1", "contact.updated", contactId, owner, sequence, null, d -> {
            d.put("createdAt", at.toString());
            d.put("updatedAt", at.toString());
            data.accept(d);
        });
    }

    public void interaction(
            String interactionId, String contactId, String owner, String type, String direction, Instant at) {
        interaction(interactionId, contactId, owner, type, direction, at, null);
    }

    /** An interaction recorded in the trace {@code traceparent}, as interaction-service's relay sends it. */
    void interaction(
            String interactionId,
            String contactId,
            String owner,
            String type,
            String direction,
            Instant at,
            String traceparent) {
        publish("interactions.v1", "interaction.recorded", contactId, owner, 1, traceparent, d -> {
            d.put("interactionId", interactionId);
            d.put("type", type);
            d.put("direction", direction);
            d.put("occurredAt", at.toString());
            d.put("recordedAt", at.toString());
        });
    }

    /** An article shared with the contact: an item of the owner's library, a link, or both (null for neither). */
    public void shared(
            String interactionId, String contactId, String owner, Instant at, String shareableId, String url) {
        publish("interactions.v1", "interaction.recorded", contactId, owner, 1, null, d -> {
            d.put("interactionId", interactionId);
            d.put("type", "ARTICLE_SHARED");
            d.put("direction", "OUTBOUND");
            d.put("occurredAt", at.toString());
            d.put("recordedAt", at.toString());
            d.put("shareableId", shareableId);
            d.put("url", url);
        });
    }

    /** A captured inbound email that answers the outbound interaction {@code outreachId} of {@code outreachAt}. */
    void reply(
            String interactionId, String contactId, String owner, Instant at, String outreachId, Instant outreachAt) {
        publish("interactions.v1", "interaction.recorded", contactId, owner, 1, null, d -> {
            d.put("interactionId", interactionId);
            d.put("type", "EMAIL");
            d.put("direction", "INBOUND");
            d.put("occurredAt", at.toString());
            d.put("recordedAt", at.toString());
            d.put("source", "MAILBOX");
            d.putObject("inReplyTo").put("interactionId", outreachId).put("occurredAt", outreachAt.toString());
        });
    }

    /** Version {@code sequence} of the plan {@code plannedId}: a meeting planned for {@code at}, or cancelled. */
    void planned(String plannedId, String contactId, String owner, long sequence, Instant at, boolean cancelled) {
        publish("interactions.v1", "interaction.planned", contactId, owner, sequence, null, d -> {
            d.put("plannedId", plannedId);
            d.put("plannedFor", at.toString());
            d.put("cancelled", cancelled);
        });
    }

    void interactionDeleted(String interactionId, String contactId, String owner, Instant at) {
        publish("interactions.v1", "interaction.deleted", contactId, owner, 2, null, d -> {
            d.put("interactionId", interactionId);
            d.put("deletedAt", at.toString());
        });
    }

    void raw(String topic, String key, String value) {
        kafka.send(topic, key, value).join();
    }

    private void publish(
            String topic,
            String type,
            String contactId,
            String owner,
            long sequence,
            String traceparent,
            Consumer<ObjectNode> data) {
        ObjectNode event = EXAMPLES.computeIfAbsent(
                        type, t -> (ObjectNode) SCHEMAS.examples(t).get(0))
                .deepCopy();
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", contactId);
        event.put("ownerId", owner);
        event.put("sequence", sequence);
        ObjectNode d = (ObjectNode) event.get("data");
        d.put("contactId", contactId).put("ownerId", owner);
        data.accept(d);
        if (sealing != null) {
            event.set("data", sealing.seal(type, contactId, d));
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, contactId, event.toString());
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        var sent = kafka.send(record);
        if (awaitEach) {
            sent.join();
        }
    }
}
