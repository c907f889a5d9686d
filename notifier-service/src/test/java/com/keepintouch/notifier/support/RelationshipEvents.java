package com.keepintouch.notifier.support;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.personal.PersonalData;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Publishes relationships.v1 events as reminder-service does (sealed, given the platform's PersonalData), from the schema's own example, each checked against its schema. */
public final class RelationshipEvents {

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final KafkaTemplate<String, String> kafka;
    private final PersonalData personalData;

    public RelationshipEvents(KafkaTemplate<String, String> kafka) {
        this(kafka, null);
    }

    /** Publishes events whose personal fields are sealed as reminder-service's outbox seals them. */
    public RelationshipEvents(KafkaTemplate<String, String> kafka, PersonalData personalData) {
        this.kafka = kafka;
        this.personalData = personalData;
    }

    public static String newContactId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
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
        return publish(type, contactId, owner, name, status, at, await, withoutInsight());
    }

    /** Publishes one event whose state {@code change} adds to (given the state and the contact's name); its id. */
    public String publish(
            String type,
            String contactId,
            String owner,
            String name,
            String status,
            Instant at,
            boolean await,
            BiConsumer<ObjectNode, String> change) {
        ObjectNode event = event(type, contactId, owner, name, status, at, change);
        var sent = kafka.send("relationships.v1", contactId, event.toString());
        if (await) {
            sent.join();
        }
        return event.path("id").asString();
    }

    /** Publishes an event made before (with {@link #event}). */
    public void send(ObjectNode event) {
        kafka.send("relationships.v1", event.path("subject").asString(), event.toString())
                .join();
    }

    /** One event as reminder-service publishes it (sealed, when given the platform's PersonalData), valid against its schema. */
    public ObjectNode event(
            String type,
            String contactId,
            String owner,
            String name,
            String status,
            Instant at,
            BiConsumer<ObjectNode, String> change) {
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
        change.accept(state, name);
        if (type.equals("relationship.snoozed")) {
            data.put("snoozeId", "s_" + id.substring(0, 8));
            data.put("until", at.plusSeconds(86_400).toString());
            data.put("requestedAt", at.toString());
        }
        if (personalData != null) {
            event.set("data", personalData.seal(type, contactId, data));
        }
        SCHEMAS.requireValid(event);
        return event;
    }

    /** A state change that leaves the state as events told it before strength, reciprocity and suggestions. */
    public static BiConsumer<ObjectNode, String> withoutInsight() {
        return (state, name) ->
                state.remove(List.of("strength", "reciprocity", "suggestion", "cadenceTag", "cadenceAdaptation"));
    }

    /**
     * A state change that adds strength and reciprocity, and a suggestion of the item at {@code url}
     * (titled {@code title}) as reminder-service tells them, its suggested action naming the item.
     */
    public static BiConsumer<ObjectNode, String> withInsight(String title, String url) {
        return (state, name) -> {
            ObjectNode strength = state.putObject("strength");
            strength.put("score", 41);
            strength.put("raiseMost", "Reach out to " + name + ": a touch now would raise strength from 41 to 70.");
            strength.putArray("components")
                    .addObject()
                    .put("name", "recency")
                    .put("weight", 35)
                    .put("value", 0.2)
                    .put("points", 7)
                    .put("explanation", "No touch for 90 days against a rhythm of 60.");
            ObjectNode reciprocity = state.putObject("reciprocity");
            reciprocity.put("outreaches", 5);
            reciprocity.put("replied", 4);
            reciprocity.put("medianReplyHours", 20);
            reciprocity.put("initiatedByContact", 2);
            reciprocity.put("initiatedShare", 0.25);
            reciprocity.put("gives", 3);
            reciprocity.put("asks", 1);
            reciprocity.put("responsiveness", 71);
            reciprocity.put("oneWay", false);
            reciprocity.putArray("sentences").add(name + " replied to 4 of your last 5 emails, usually within a day.");
            String why = "Her title, Head of Marketing to Women, matches marketing, and you haven't sent it to her.";
            ObjectNode suggestion = state.putObject("suggestion");
            suggestion.put("shareableId", "sh_" + UUID.randomUUID().toString().substring(0, 8));
            suggestion.put("title", title);
            suggestion.put("url", url);
            suggestion.putArray("matched").add("title");
            suggestion.put("why", why);
            state.put("suggestedAction", "Share '" + title + "' with " + name + ": " + why);
        };
    }

    public void flush() {
        kafka.flush();
    }
}
