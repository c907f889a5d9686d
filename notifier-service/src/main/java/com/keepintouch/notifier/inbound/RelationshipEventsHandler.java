package com.keepintouch.notifier.inbound;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.contact.ErasedContacts.Tombstone;
import com.keepintouch.notifier.delivery.ContactDeliveries;
import com.keepintouch.notifier.delivery.DeliveryFanOut;
import com.keepintouch.notifier.delivery.Message;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.email.EmailNotices;
import com.keepintouch.notifier.email.RelationshipState;
import com.keepintouch.notifier.email.RelationshipStates;
import com.keepintouch.platform.kafka.BatchRecords;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InvalidEventException;
import com.keepintouch.platform.personal.PersonalData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * relationships.v1 in: every event becomes a webhook message (delivered to each endpoint that
 * receives it), an email for people who want reminders at once, and the latest state of its
 * relationship for the digests. A polled batch is handled with a few bulk writes.
 *
 * <p>The events' names and states are sealed: a batch is opened first (one keyring read). An event
 * of an erased contact (its key is gone, or an erasure was read here) notifies nobody and leaves no
 * state: its contact is marked erased, in case its {@code contact.erased} is still on its way.
 */
@Component
class RelationshipEventsHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(RelationshipEventsHandler.class);

    private final DeliveryFanOut fanOut;
    private final EmailNotices emails;
    private final RelationshipStates states;
    private final PersonalData personalData;
    private final ErasedContacts erased;
    private final ContactDeliveries contactDeliveries;
    private final Counter consumed;

    RelationshipEventsHandler(
            DeliveryFanOut fanOut,
            EmailNotices emails,
            RelationshipStates states,
            PersonalData personalData,
            ErasedContacts erased,
            ContactDeliveries contactDeliveries,
            MeterRegistry meters) {
        this.fanOut = fanOut;
        this.emails = emails;
        this.states = states;
        this.personalData = personalData;
        this.erased = erased;
        this.contactDeliveries = contactDeliveries;
        this.consumed = Counter.builder("kit.notifier.events.consumed")
                .description("relationships.v1 events turned into notifications")
                .register(meters);
    }

    /** What one event means here. */
    record Notice(Message message, RelationshipState state) {}

    @KafkaListener(
            id = "notifier-relationships",
            topics = "relationships.v1",
            groupId = "${kit.webhooks.consumer-group}",
            batch = "true")
    void on(List<ConsumerRecord<String, InboundEvent>> records) {
        BatchRecords.handle(records, RelationshipEventsHandler::relationshipEvent, this::open);
    }

    /** The event if it is one of a relationship's, with the contact it is about; null for another type. */
    static InboundEvent relationshipEvent(InboundEvent event) {
        if (!event.type().startsWith("relationship.")) {
            return null;
        }
        if (event.data().path("contactId").asString(null) == null) {
            throw new InvalidEventException(event.type() + " " + event.id() + " has no contactId");
        }
        return event;
    }

    /** Opens the batch, leaves out what is about erased contacts (marking them erased), and handles the rest. */
    private void open(List<InboundEvent> sealed) {
        List<InboundEvent> opened = personalData.open(sealed);
        Set<String> known = erased.erasedAmong(
                opened.stream().map(RelationshipEventsHandler::contactOf).toList());
        Map<String, Tombstone> learnt = new LinkedHashMap<>();
        List<Notice> notices = new ArrayList<>(opened.size());
        for (InboundEvent event : opened) {
            String contactId = contactOf(event);
            if (event.erased() && !known.contains(contactId)) {
                learnt.putIfAbsent(contactId, new Tombstone(contactId, event.ownerId(), event.time(), null));
            } else if (!event.erased() && !known.contains(contactId)) {
                notices.add(translate(event));
            }
        }
        if (!learnt.isEmpty()) {
            erased.record(learnt.values());
            states.forget(learnt.keySet());
            log.info("Events of erased contacts notified nobody contacts={}", learnt.size());
        }
        handleThenRecheck(notices);
    }

    /**
     * Handles notices of contacts not erased when the batch was checked, then checks again: a
     * contact whose erasure ran meanwhile (between the check and these writes) would otherwise keep
     * what was just written, after its erasure was confirmed. For those, what was written is undone
     * as the erasure does it: their pending deliveries cancelled, every body about them (and of the
     * digests listing them) removed, their state forgotten. The dispatcher refuses what it still
     * queues of them, as the check marks them erased in memory.
     */
    void handleThenRecheck(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        handle(notices);
        Set<String> late = erased.erasedAmong(
                notices.stream().map(n -> n.message().contactId()).toList());
        if (late.isEmpty()) {
            return;
        }
        Instant now = fanOut.now();
        for (String contactId : late) {
            contactDeliveries.erase(contactId, now);
        }
        states.forget(late);
        log.info("Events of contacts erased while they were handled undone contacts={}", late.size());
    }

    private static String contactOf(InboundEvent event) {
        return event.data().path("contactId").asString();
    }

    private void handle(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        Instant now = fanOut.now();
        Instant lease = fanOut.leaseFromNow();
        List<Message> messages = new ArrayList<>(notices.size());
        List<Delivery> mails = new ArrayList<>();
        List<RelationshipState> latest = new ArrayList<>(notices.size());
        for (Notice notice : notices) {
            messages.add(notice.message());
            latest.add(notice.state());
            emails.reminder(
                            notice.message().id(),
                            notice.message().eventId(),
                            notice.message().type(),
                            notice.state(),
                            now,
                            lease)
                    .ifPresent(mails::add);
        }
        // Deliveries first: the digests' view of each relationship is not on the way to a webhook.
        fanOut.deliver(messages, mails);
        states.apply(latest);
        consumed.increment(notices.size());
    }

    static Notice translate(InboundEvent event) {
        if (!event.type().startsWith("relationship.")) {
            return null;
        }
        JsonNode data = event.data();
        String contactId = data.path("contactId").asString(null);
        if (contactId == null) {
            throw new InvalidEventException(event.type() + " " + event.id() + " has no contactId");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("type", event.type());
        body.put("timestamp", event.time().toString());
        body.set("data", data);
        Message message = new Message(
                Message.idFor(event.id()),
                event.id(),
                event.type(),
                event.ownerId(),
                contactId,
                event.time(),
                body.toString(),
                event.traceparent());
        JsonNode state = data.path("state");
        List<String> reasons = new ArrayList<>();
        state.path("reasons").forEach(r -> reasons.add(r.asString()));
        JsonNode strength = state.path("strength");
        JsonNode reciprocity = state.path("reciprocity");
        List<String> sentences = new ArrayList<>();
        reciprocity.path("sentences").forEach(r -> sentences.add(r.asString()));
        RelationshipState relationship = new RelationshipState(
                contactId,
                event.ownerId(),
                data.path("contactName").asString(""),
                state.path("status").asString("OK"),
                reasons,
                state.path("suggestedAction").asString(""),
                instant(state.path("nextDueAt")),
                instant(state.path("overdueAt")),
                event.sequence(),
                integer(strength.path("score")),
                strength.path("raiseMost").asString(null),
                integer(reciprocity.path("responsiveness")),
                sentences,
                suggestion(state.path("suggestion")));
        return new Notice(message, relationship);
    }

    /** The state's suggestion, when it has one; events from before suggestions have none. */
    private static RelationshipState.Suggestion suggestion(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        return new RelationshipState.Suggestion(
                node.path("shareableId").asString(null),
                node.path("title").asString(null),
                node.path("url").asString(null),
                node.path("why").asString(null));
    }

    private static Integer integer(JsonNode node) {
        return node.isNumber() ? node.asInt() : null;
    }

    private static Instant instant(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidEventException("not an instant: " + node.asString());
        }
    }
}
