package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointCache;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Turns messages into deliveries and hands them to the dispatcher: stored first (a crash after
 * this loses nothing), held by this instance for their first attempt, then attempted at once.
 */
@Service
public class DeliveryFanOut {

    private final Messages messages;
    private final Deliveries deliveries;
    private final Dispatcher dispatcher;
    private final EndpointCache endpoints;
    private final WebhookProperties properties;
    private final Clock clock;

    DeliveryFanOut(
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
        Map<String, Message> bodies = new HashMap<>();
        for (Message message : batch) {
            bodies.put(message.id(), message);
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
                    .map(d -> Job.of(d, d.messageId().map(bodies::get).orElse(null)))
                    .toList());
            stored += inserted.size();
        }
        return stored;
    }
}
