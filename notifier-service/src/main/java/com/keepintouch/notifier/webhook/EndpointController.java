package com.keepintouch.notifier.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.keepintouch.notifier.webhook.EndpointManagement.Created;
import com.keepintouch.notifier.webhook.EndpointManagement.NewEndpoint;
import com.keepintouch.notifier.webhook.EndpointManagement.Patch;
import com.keepintouch.notifier.webhook.EndpointManagement.Rotated;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/webhooks}: HTTP in, {@link EndpointManagement} calls, endpoint views out. */
@RestController
@RequestMapping("/api/webhooks")
class EndpointController {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final EndpointManagement endpoints;

    EndpointController(EndpointManagement endpoints) {
        this.endpoints = endpoints;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EndpointView(
            String id,
            String ownerId,
            boolean firmWide,
            String url,
            String description,
            List<String> eventTypes,
            boolean enabled,
            String disabledReason,
            String disabledDetail,
            Instant disabledAt,
            Instant failingSince,
            String circuitState,
            Instant createdAt,
            Instant updatedAt,
            String secret) {}

    record RotatedView(String id, String secret, Instant previousSecretExpiresAt) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EndpointView> create(Caller caller, @RequestBody NewEndpoint request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        Created created = endpoints.create(caller, request);
        return ResponseEntity.created(
                        URI.create("/api/webhooks/" + created.endpoint().id()))
                .body(view(created.endpoint(), created.secret()));
    }

    @GetMapping
    Page<EndpointView> list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        Page<Endpoint> page = endpoints.list(caller, ownerId, limit, cursor);
        return new Page<>(page.items().stream().map(e -> view(e, null)).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    EndpointView get(Caller caller, @PathVariable String id) {
        return view(endpoints.readable(caller, id), null);
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    EndpointView patch(Caller caller, @PathVariable String id, @RequestBody JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ApiException.badRequest("body", "a merge patch must be a JSON object");
        }
        Set<String> fields = new LinkedHashSet<>(patch.propertyNames());
        return view(
                endpoints.update(
                        caller,
                        id,
                        new Patch(
                                fields,
                                value(patch.get("url")),
                                value(patch.get("eventTypes")),
                                value(patch.get("description")),
                                value(patch.get("enabled")))),
                null);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        endpoints.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate-secret")
    RotatedView rotate(Caller caller, @PathVariable String id) {
        Rotated rotated = endpoints.rotateSecret(caller, id);
        return new RotatedView(rotated.id(), rotated.secret(), rotated.previousSecretExpiresAt());
    }

    /** A patch value as plain Java: a String, a Boolean, a List of Strings (others as their JSON), null, or the node. */
    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(t -> items.add(t.isString() ? t.asString() : t.toString()));
            return items;
        }
        return node;
    }

    private EndpointView view(Endpoint endpoint, String secret) {
        return new EndpointView(
                endpoint.id(),
                endpoint.ownerId(),
                endpoint.firmWide(),
                endpoint.url().toString(),
                endpoint.description(),
                WebhookEventTypes.ALL.stream()
                        .filter(endpoint.eventTypes()::contains)
                        .toList(),
                endpoint.enabled(),
                endpoint.disabledReason(),
                endpoint.disabledDetail(),
                endpoint.disabledAt(),
                endpoint.failingSince(),
                endpoints.circuitState(endpoint.id()),
                endpoint.createdAt(),
                endpoint.updatedAt(),
                secret);
    }
}
