package com.keepintouch.notifier.support;

import com.keepintouch.events.EventSchemas;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Publishes relationships.v1 events as reminder-service does, from the schema's own example, each checked against its schema. */
public final class RelationshipEvents {

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final KafkaTemplate<String, String> kafka;

    public RelationshipEvents(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    public static String newContactId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    public static String newOwner(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes one event; its id. */
    public String publish(String type, String contactId, String owner, String status, Instant at) {
        return publish(type, contactId, owner, "Jill Summers", status, at, true);
    }

    public String publish(
            String type, String contactId, String owner, String name, String status, Instant at, boolean await) {
        ObjectNode event =
                (ObjectNode) SCHEMAS.examples("relationship.due").get(0).deepCopy();
        String id = UUID.randomUUID().toString();
        event.put("id", id);
        event.put("type", type);
        event.put("subject", contactId);
        event.put("ownerId", owner);
        event.put("time", at.toString());
        event.put("sequence", SEQUENCE.incrementAndGet());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("contactId", contactId);
        data.put("ownerId", owner);
        data.put("contactName", name);
        ObjectNode state = (ObjectNode) data.get("state");
        state.put("status", status);
        ArrayNode reasons = state.putArray("reasons");
        reasons.add("No touch for 90 days; your usual rhythm with " + name + " is every 60 days.");
        state.put("suggestedAction", "Reach out to " + name + " this week: share something useful.");
        if (type.equals("relationship.snoozed")) {
            data.put("snoozeId", "s_" + id.substring(0, 8));
            data.put("until", at.plusSeconds(86_400).toString());
            data.put("requestedAt", at.toString());
        }
        SCHEMAS.requireValid(event);
        var sent = kafka.send("relationships.v1", contactId, event.toString());
        if (await) {
            sent.join();
        }
        return id;
    }

    public void flush() {
        kafka.flush();
    }
}
