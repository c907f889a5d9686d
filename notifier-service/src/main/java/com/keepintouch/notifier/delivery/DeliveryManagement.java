package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointManagement;
import com.keepintouch.notifier.webhook.WebhookEventTypes;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.personal.PersonErasedException;
import com.keepintouch.platform.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deliveries and what people do with them: list and inspect them (every attempt is there), retry a
 * failed one, send an endpoint a test, and recover what an endpoint missed. A recruiter sees their
 * own (another owner's is 404); ops reads every owner's and changes none.
 */
@Service
class DeliveryManagement {

    private static final Logger log = LoggerFactory.getLogger(DeliveryManagement.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deliveries deliveries;
    private final ErasedContacts erased;
    private final Messages messages;
    private final Dispatcher dispatcher;
    private final EndpointManagement endpoints;
    private final WebhookProperties properties;
    private final Clock clock;

    DeliveryManagement(
            Deliveries deliveries,
            ErasedContacts erased,
            Messages messages,
            Dispatcher dispatcher,
            EndpointManagement endpoints,
            WebhookProperties properties,
            Clock clock) {
        this.deliveries = deliveries;
        this.erased = erased;
        this.messages = messages;
        this.dispatcher = dispatcher;
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a list asks for; each filter is null when not given, a status or channel by its name. */
    record Filter(String ownerId, String endpointId, String status, String channel, String contactId) {}

    /** What a recovery did: messages looked at, deliveries sent again, deliveries created. */
    record Recovery(int messages, int restarted, int created, int alreadyDelivered, int pending) {}

    /** The caller's deliveries (ops and admin: every owner's, or {@code ownerId}'s), newest first. */
    Page<Delivery> list(Caller caller, Filter filter, int limit, String cursor) {
        PageRequest.byInstantAndId(limit, null); // the limit is checked first, the cursor last
        if (filter.contactId() != null && erased.erased(filter.contactId())) {
            throw new PersonErasedException(filter.contactId());
        }
        Deliveries.Query query = new Deliveries.Query(
                caller.readableOwners(filter.ownerId()),
                Optional.ofNullable(filter.endpointId()),
                Optional.ofNullable(filter.status()).map(s -> parse(Status.class, "status", s)),
                Optional.ofNullable(filter.channel()).map(c -> parse(Channel.class, "channel", c)),
                Optional.ofNullable(filter.contactId()));
        PageRequest page = PageRequest.byInstantAndId(limit, cursor);
        return page.page(
                deliveries.list(query, page.after(), page.fetchSize()),
                d -> new Position(d.createdAt(), d.id()),
                d -> d);
    }

    /** The delivery if the caller may see it. */
    Delivery readable(Caller caller, String id) {
        Delivery delivery = deliveries.find(id).orElseThrow(() -> RequestRefused.notFound("delivery", id));
        if (!caller.readsAllOwners() && !caller.userId().equals(delivery.ownerId())) {
            throw RequestRefused.notFound("delivery", id);
        }
        return delivery;
    }

    /** Retries a failed delivery now, with a fresh retry schedule. */
    Delivery retry(Caller caller, String id) {
        Delivery delivery = readable(caller, id);
        if (!caller.mayAccess(delivery.ownerId())) {
            throw RequestRefused.forbidden("ops may read deliveries, not retry them");
        }
        if (erased.erased(delivery.contactId())) {
            throw new PersonErasedException(delivery.contactId());
        }
        if (delivery.status() != Status.FAILED) {
            throw RequestRefused.conflict(
                    "only a failed delivery can be retried; this one is " + delivery.status(),
                    Map.of("status", delivery.status().name()));
        }
        Instant now = clock.instant();
        Delivery again = deliveries
                .restart(delivery, now, now.plus(properties.lease()))
                .orElseThrow(() -> RequestRefused.conflict("the delivery changed meanwhile; look again", Map.of()));
        Message message = again.messageId()
                .map(messageId -> messages.find(List.of(messageId)).get(messageId))
                .orElse(null);
        // A body removed by retention is not sent: the attempt is abandoned with that reason.
        dispatcher.submit(List.of(Job.of(again, message)));
        log.info("Delivery retried by hand deliveryId={} attemptsBefore={}", again.id(), again.attempts());
        return again;
    }

    /** Sends the endpoint a {@code webhook.ping}, as a delivery like any other. */
    Delivery ping(Caller caller, String endpointId) {
        Endpoint endpoint = enabled(endpoints.changeable(caller, endpointId));
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

    /**
     * Sends one endpoint what it should have received since {@code since} and did not: deliveries
     * that failed are restarted, messages it missed (it was disabled, or created later) get one.
     * The {@code webhook-id} is the message's, so a receiver that did get one can tell.
     */
    Recovery recover(Caller caller, String endpointId, Instant since) {
        Endpoint endpoint = endpoints.changeable(caller, endpointId);
        if (since == null) {
            throw RequestRefused.invalid("since", "is required: the instant to redeliver from");
        }
        if (since.isAfter(clock.instant())) {
            throw RequestRefused.invalid("since", "must not be in the future");
        }
        // every message since then is read: a bound keeps "since 1970" from reading them all
        if (since.isBefore(clock.instant().minus(properties.recoverWindow()))) {
            throw RequestRefused.invalid(
                    "since",
                    "must be at most " + inWords(properties.recoverWindow())
                            + " ago: older messages are not recovered");
        }
        enabled(endpoint);
        List<Message> wanted = new ArrayList<>();
        messages.since(since, message -> {
            if (message.body() == null || erased.knownErased(message.contactId())) {
                return; // its body was removed (its contact erased, or retention): nothing to send again
            }
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
        int cancelled = 0;
        for (Map.Entry<String, Message> entry : byDelivery.entrySet()) {
            Message message = entry.getValue();
            Delivery known = existing.get(entry.getKey());
            if (known != null && known.status() == Status.CANCELLED) {
                // its contact was erased (its body is about to go): as if it had never been sent
                cancelled++;
            } else if (known == null) {
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
                    jobs.add(Job.of(again.get(), message));
                    restarted++;
                }
            } else if (known.status() == Status.DELIVERED) {
                delivered++;
            } else {
                pending++;
            }
        }
        Map<String, Message> bodies = new HashMap<>();
        wanted.forEach(m -> bodies.put(m.id(), m));
        List<Delivery> created = deliveries.insertNew(fresh);
        created.forEach(d -> jobs.add(Job.of(d, bodies.get(d.messageId().orElseThrow()))));
        dispatcher.submit(jobs);
        log.info(
                "Webhook endpoint recovered endpointId={} since={} messages={} restarted={} created={}",
                endpoint.id(),
                since,
                wanted.size() - cancelled,
                restarted,
                created.size());
        return new Recovery(wanted.size() - cancelled, restarted, created.size(), delivered, pending);
    }

    /** A window as a reader says it: whole days as days, anything shorter in hours. */
    static String inWords(Duration window) {
        if (window.toDays() > 0 && window.equals(Duration.ofDays(window.toDays()))) {
            return window.toDays() == 1 ? "1 day" : window.toDays() + " days";
        }
        return window.toHours() == 1 ? "1 hour" : window.toHours() + " hours";
    }

    private static Endpoint enabled(Endpoint endpoint) {
        if (!endpoint.enabled()) {
            throw RequestRefused.conflict("the endpoint is disabled; enable it first", Map.of("enabled", false));
        }
        return endpoint;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RequestRefused.invalid(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
