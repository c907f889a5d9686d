package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointCache;
import com.keepintouch.notifier.webhook.WebhookEventTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns messages into deliveries and hands them to the dispatcher: stored first (a crash after
 * this loses nothing), held by this instance for their first attempt, then attempted at once.
 */
@Service
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Messages messages;
    private final Deliveries deliveries;
    private final Dispatcher dispatcher;
    private final EndpointCache endpoints;
    private final WebhookProperties properties;
    private final Clock clock;

    DeliveryService(
            Messages messages,
            Deliveries deliveries,
            Dispatcher dispatcher,
            EndpointCache endpoints,
            WebhookProperties properties,
            Clock clock) {
        this.messages = messages;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** When a delivery created now stops being held by this instance, unless attempted by then. */
    public Instant leaseFromNow() {
        return clock.instant().plus(properties.lease());
    }

    /**
     * Stores the messages, and a delivery of each to every endpoint that receives it, plus the
     * given emails; attempts the new ones. Idempotent: what was stored before is not sent again here.
     */
    public int deliver(List<Message> batch, List<Delivery> emails) {
        messages.store(batch);
        Instant now = clock.instant();
        Instant lease = now.plus(properties.lease());
        List<Delivery> planned = new ArrayList<>();
        Map<String, String> bodies = new HashMap<>();
        for (Message message : batch) {
            bodies.put(message.id(), message.body());
            for (Endpoint endpoint : endpoints.subscribers(message.ownerId(), message.type())) {
                planned.add(Delivery.webhook(
                        message.id(),
                        endpoint.id(),
                        endpoint.ownerId(),
                        message.contactId(),
                        message.eventId(),
                        message.type(),
                        now,
                        lease));
            }
        }
        planned.addAll(emails);
        int stored = 0;
        // Stored and queued a chunk at a time, so that no lane is handed more than it may queue.
        int size = properties.fanOutChunk();
        for (int from = 0; from < planned.size(); from += size) {
            List<Delivery> chunk = new ArrayList<>(planned.subList(from, Math.min(planned.size(), from + size)));
            // Backpressure: the fan-out runs no further ahead of the attempts than this. Without it a
            // backlog on the topic becomes a queue in memory whose holds run out before their turn.
            try {
                dispatcher.awaitRoom(properties.maxQueued() * 2 - chunk.size(), properties.fanOutPatience());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the dispatcher", e);
            }
            Instant held = clock.instant().plus(properties.lease());
            chunk.replaceAll(d -> d.heldUntil(held));
            List<Delivery> inserted = deliveries.insertNew(chunk);
            dispatcher.submit(inserted.stream()
                    .map(d -> new Job(d, d.messageId().map(bodies::get).orElse(null)))
                    .toList());
            stored += inserted.size();
        }
        return stored;
    }

    /** Sends a ping to one endpoint, as a delivery like any other; its id. */
    public Delivery ping(Endpoint endpoint) {
        Instant now = clock.instant();
        String eventId = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode();
        body.put("type", WebhookEventTypes.PING);
        body.put("timestamp", now.toString());
        body.putObject("data").put("endpointId", endpoint.id()).put("message", "A test from keep-in-touch");
        Message message = new Message(
                Message.idFor(eventId),
                eventId,
                WebhookEventTypes.PING,
                endpoint.ownerId(),
                null,
                now,
                body.toString());
        messages.store(List.of(message));
        Delivery delivery = Delivery.webhook(
                message.id(),
                endpoint.id(),
                endpoint.ownerId(),
                null,
                eventId,
                WebhookEventTypes.PING,
                now,
                now.plus(properties.lease()));
        deliveries.insertNew(List.of(delivery));
        dispatcher.submit(List.of(new Job(delivery, message.body())));
        return delivery;
    }

    /** What a recovery did: messages looked at, deliveries sent again, deliveries created. */
    public record Recovery(int messages, int restarted, int created, int alreadyDelivered, int pending) {}

    /**
     * Sends one endpoint what it should have received since {@code since} and did not: deliveries
     * that failed are restarted, messages it missed (it was disabled, or created later) get one.
     * The {@code webhook-id} is the message's, so a receiver that did get one can tell.
     */
    public Recovery recover(Endpoint endpoint, Instant since) {
        List<Message> wanted = new ArrayList<>();
        messages.since(since, message -> {
            boolean subscribed = (endpoint.firmWide() || endpoint.ownerId().equals(message.ownerId()))
                    && (endpoint.eventTypes().isEmpty() || endpoint.eventTypes().contains(message.type()));
            if (subscribed) {
                wanted.add(message);
            }
        });
        Map<String, Message> byDelivery = new LinkedHashMap<>();
        for (Message message : wanted) {
            byDelivery.put(Delivery.webhookId(message.id(), endpoint.id()), message);
        }
        Map<String, Delivery> existing = new HashMap<>();
        deliveries.find(new ArrayList<>(byDelivery.keySet())).forEach(d -> existing.put(d.id(), d));
        Instant now = clock.instant();
        Instant lease = now.plus(properties.lease());
        List<Job> jobs = new ArrayList<>();
        List<Delivery> fresh = new ArrayList<>();
        int restarted = 0;
        int delivered = 0;
        int pending = 0;
        for (Map.Entry<String, Message> entry : byDelivery.entrySet()) {
            Message message = entry.getValue();
            Delivery known = existing.get(entry.getKey());
            if (known == null) {
                fresh.add(Delivery.webhook(
                        message.id(),
                        endpoint.id(),
                        endpoint.ownerId(),
                        message.contactId(),
                        message.eventId(),
                        message.type(),
                        now,
                        lease));
            } else if (known.status() == Status.FAILED) {
                Optional<Delivery> again = deliveries.restart(known, now, lease);
                if (again.isPresent()) {
                    jobs.add(new Job(again.get(), message.body()));
                    restarted++;
                }
            } else if (known.status() == Status.DELIVERED) {
                delivered++;
            } else {
                pending++;
            }
        }
        Map<String, String> bodies = new HashMap<>();
        wanted.forEach(m -> bodies.put(m.id(), m.body()));
        List<Delivery> created = deliveries.insertNew(fresh);
        created.forEach(d -> jobs.add(new Job(d, bodies.get(d.messageId().orElseThrow()))));
        dispatcher.submit(jobs);
        log.info(
                "Webhook endpoint recovered endpointId={} since={} messages={} restarted={} created={}",
                endpoint.id(),
                since,
                wanted.size(),
                restarted,
                created.size());
        return new Recovery(wanted.size(), restarted, created.size(), delivered, pending);
    }

    /** Retries a failed delivery now, with a fresh retry schedule. */
    public Optional<Delivery> retry(Delivery delivery) {
        Instant now = clock.instant();
        Optional<Delivery> again = deliveries.restart(delivery, now, now.plus(properties.lease()));
        again.ifPresent(d -> {
            String body = d.messageId()
                    .map(id -> messages.find(List.of(id)).get(id))
                    .map(Message::body)
                    .orElse(null);
            dispatcher.submit(List.of(new Job(d, body)));
            log.info("Delivery retried by hand deliveryId={} attemptsBefore={}", d.id(), d.attempts());
        });
        return again;
    }
}
