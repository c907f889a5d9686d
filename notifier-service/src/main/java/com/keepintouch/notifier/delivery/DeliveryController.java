package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.delivery.Deliveries.Cursor;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Attempt;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointAccess;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deliveries and what people do with them: list and inspect (every attempt is there), retry a
 * failed one, send an endpoint a test, and recover what an endpoint missed.
 */
@RestController
class DeliveryController {

    private final Deliveries deliveries;
    private final DeliveryService service;
    private final EndpointAccess endpoints;

    DeliveryController(Deliveries deliveries, DeliveryService service, EndpointAccess endpoints) {
        this.deliveries = deliveries;
        this.service = service;
        this.endpoints = endpoints;
    }

    record DeliveryView(
            String id,
            Channel channel,
            String endpointId,
            String ownerId,
            String contactId,
            String webhookId,
            String eventId,
            String eventType,
            Status status,
            int attempts,
            Instant nextAttemptAt,
            Integer responseStatus,
            String lastError,
            Instant createdAt,
            Instant deliveredAt,
            Instant failedAt,
            List<Attempt> attemptLog) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(
                    d.id(),
                    d.channel(),
                    d.endpointId().orElse(null),
                    d.ownerId(),
                    d.contactId(),
                    d.messageId().orElse(null),
                    d.eventId(),
                    d.eventType(),
                    d.status(),
                    d.attempts(),
                    d.status() == Status.PENDING ? d.nextAttemptAt() : null,
                    d.responseStatus(),
                    d.lastError(),
                    d.createdAt(),
                    d.deliveredAt(),
                    d.failedAt(),
                    d.log());
        }
    }

    record Page(List<DeliveryView> items, String nextCursor) {}

    record RecoverRequest(Instant since) {}

    record TestSent(String deliveryId, String webhookId) {}

    @GetMapping("/api/deliveries")
    Page list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) String endpointId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String contactId,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor) {
        ApiException.pageLimit(limit, 200);
        List<Bson> filters = new ArrayList<>();
        caller.readableOwners(ownerId).ifPresent(owner -> filters.add(Filters.eq("ownerId", owner)));
        if (endpointId != null) {
            filters.add(Filters.eq("endpointId", endpointId));
        }
        if (status != null) {
            filters.add(
                    Filters.eq("status", parse(Status.class, "status", status).name()));
        }
        if (channel != null) {
            filters.add(Filters.eq(
                    "channel", parse(Channel.class, "channel", channel).name()));
        }
        if (contactId != null) {
            filters.add(Filters.eq("contactId", contactId));
        }
        List<Delivery> page =
                deliveries.list(filters.isEmpty() ? new Document() : Filters.and(filters), decode(cursor), limit + 1);
        boolean more = page.size() > limit;
        List<Delivery> items = more ? page.subList(0, limit) : page;
        String next = null;
        if (more) {
            Delivery last = items.get(items.size() - 1);
            next = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            (last.createdAt().toEpochMilli() + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
        }
        return new Page(items.stream().map(DeliveryView::of).toList(), next);
    }

    @GetMapping("/api/deliveries/{id}")
    DeliveryView get(Caller caller, @PathVariable String id) {
        return DeliveryView.of(readable(caller, id));
    }

    @PostMapping("/api/deliveries/{id}/retry")
    ResponseEntity<DeliveryView> retry(Caller caller, @PathVariable String id) {
        Delivery delivery = readable(caller, id);
        if (!caller.mayAccess(delivery.ownerId())) {
            throw RequestRefused.forbidden("ops may read deliveries, not retry them");
        }
        if (delivery.status() != Status.FAILED) {
            throw RequestRefused.conflict(
                    "only a failed delivery can be retried; this one is " + delivery.status(),
                    Map.of("status", delivery.status().name()));
        }
        Delivery again = service.retry(delivery)
                .orElseThrow(() -> RequestRefused.conflict("the delivery changed meanwhile; look again", Map.of()));
        return ResponseEntity.accepted().body(DeliveryView.of(again));
    }

    @PostMapping("/api/webhooks/{id}/test")
    ResponseEntity<TestSent> test(Caller caller, @PathVariable String id) {
        Endpoint endpoint = endpoints.changeable(caller, id);
        if (!endpoint.enabled()) {
            throw RequestRefused.conflict("the endpoint is disabled; enable it first", Map.of("enabled", false));
        }
        Delivery delivery = service.ping(endpoint);
        return ResponseEntity.accepted()
                .location(URI.create("/api/deliveries/" + delivery.id()))
                .body(new TestSent(delivery.id(), delivery.messageId().orElseThrow()));
    }

    @PostMapping(path = "/api/webhooks/{id}/recover", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeliveryService.Recovery> recover(
            Caller caller, @PathVariable String id, @RequestBody RecoverRequest request) {
        Endpoint endpoint = endpoints.changeable(caller, id);
        if (request == null || request.since() == null) {
            throw ApiException.badRequest("since", "is required: the instant to redeliver from");
        }
        if (request.since().isAfter(service.now())) {
            throw ApiException.badRequest("since", "must not be in the future");
        }
        if (!endpoint.enabled()) {
            throw RequestRefused.conflict("the endpoint is disabled; enable it first", Map.of("enabled", false));
        }
        return ResponseEntity.accepted().body(service.recover(endpoint, request.since()));
    }

    private Delivery readable(Caller caller, String id) {
        Delivery delivery = deliveries.find(id).orElseThrow(() -> RequestRefused.notFound("delivery", id));
        if (!caller.readsAllOwners() && !caller.userId().equals(delivery.ownerId())) {
            throw RequestRefused.notFound("delivery", id);
        }
        return delivery;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Cursor decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new Cursor(
                    Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeParseException e) {
            throw ApiException.badRequest("cursor", "is not a cursor this API gave out");
        }
    }
}
