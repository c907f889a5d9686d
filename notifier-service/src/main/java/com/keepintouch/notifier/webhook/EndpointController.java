package com.keepintouch.notifier.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.keepintouch.notifier.domain.WebhookSignature;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import com.mongodb.client.model.Updates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

/**
 * Webhook endpoints. A recruiter manages their own, which receive only their events; an admin
 * also manages firm-wide ones, which receive every owner's; ops reads them all. The signing secret
 * is in the answer to a create and to a rotation, and never again.
 */
@RestController
@RequestMapping("/api/webhooks")
class EndpointController {

    private static final Logger log = LoggerFactory.getLogger(EndpointController.class);
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 500;
    static final Set<String> PATCHABLE = Set.of("url", "eventTypes", "description", "enabled");

    private final Endpoints endpoints;
    private final EndpointAccess access;
    private final EndpointCache cache;
    private final SecretBox box;
    private final TargetGuard guard;
    private final CircuitBreakerRegistry breakers;
    private final WebhookProperties properties;
    private final Clock clock;

    EndpointController(
            Endpoints endpoints,
            EndpointAccess access,
            EndpointCache cache,
            SecretBox box,
            TargetGuard guard,
            CircuitBreakerRegistry breakers,
            WebhookProperties properties,
            Clock clock) {
        this.endpoints = endpoints;
        this.access = access;
        this.cache = cache;
        this.box = box;
        this.guard = guard;
        this.breakers = breakers;
        this.properties = properties;
        this.clock = clock;
    }

    record CreateRequest(
            String url,
            List<String> eventTypes,
            String description,
            Boolean enabled,
            Boolean firmWide,
            String ownerId) {}

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

    record Page(List<EndpointView> items, String nextCursor) {}

    record Rotated(String id, String secret, Instant previousSecretExpiresAt) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EndpointView> create(Caller caller, @RequestBody CreateRequest request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        boolean firmWide = Boolean.TRUE.equals(request.firmWide());
        if (firmWide && !caller.isAdmin()) {
            throw RequestRefused.forbidden("only an admin manages firm-wide endpoints");
        }
        URI url = url(request.url());
        Instant now = clock.instant();
        String secret = WebhookSignature.newSecret();
        Endpoint endpoint = new Endpoint(
                "ep_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                caller.actingOwner(request.ownerId()),
                firmWide,
                url,
                description(request.description()),
                eventTypes(request.eventTypes()),
                !Boolean.FALSE.equals(request.enabled()),
                null,
                null,
                null,
                null,
                List.of(new Endpoint.Secret(box.seal(secret), now, null)),
                now,
                now,
                1);
        endpoints.insert(endpoint);
        cache.reload();
        log.info(
                "Webhook endpoint created endpointId={} ownerId={} firmWide={}",
                endpoint.id(),
                endpoint.ownerId(),
                firmWide);
        return ResponseEntity.created(URI.create("/api/webhooks/" + endpoint.id()))
                .body(view(endpoint, secret));
    }

    @GetMapping
    Page list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor) {
        ApiException.pageLimit(limit, 200);
        List<Endpoint> page = endpoints.list(caller.readableOwners(ownerId), cursor, limit + 1);
        boolean more = page.size() > limit;
        List<Endpoint> items = more ? page.subList(0, limit) : page;
        return new Page(
                items.stream().map(e -> view(e, null)).toList(),
                more ? items.get(items.size() - 1).id() : null);
    }

    @GetMapping("/{id}")
    EndpointView get(Caller caller, @PathVariable String id) {
        return view(readable(caller, id), null);
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    EndpointView patch(Caller caller, @PathVariable String id, @RequestBody JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ApiException.badRequest("body", "a merge patch must be a JSON object");
        }
        for (String field : patch.propertyNames()) {
            if (!PATCHABLE.contains(field)) {
                throw ApiException.badRequest(field, "is not a field that can be changed; use one of " + PATCHABLE);
            }
        }
        for (int tries = 0; tries < 5; tries++) {
            Endpoint current = changeable(caller, id);
            List<Bson> sets = new ArrayList<>();
            Instant now = clock.instant();
            if (patch.has("url")) {
                sets.add(Updates.set(
                        "url",
                        url(patch.get("url").isString() ? patch.get("url").asString() : null)
                                .toString()));
            }
            if (patch.has("eventTypes")) {
                JsonNode types = patch.get("eventTypes");
                if (!types.isNull() && !types.isArray()) {
                    throw ApiException.badRequest("eventTypes", "must be a list of event types");
                }
                List<String> list = new ArrayList<>();
                if (types.isArray()) {
                    types.forEach(t -> list.add(t.isString() ? t.asString() : t.toString()));
                }
                sets.add(Updates.set("eventTypes", List.copyOf(eventTypes(list))));
            }
            if (patch.has("description")) {
                JsonNode description = patch.get("description");
                if (!description.isNull() && !description.isString()) {
                    throw ApiException.badRequest("description", "must be a string");
                }
                sets.add(Updates.set("description", description(description.isNull() ? null : description.asString())));
            }
            boolean reEnabled = false;
            if (patch.has("enabled")) {
                JsonNode enabled = patch.get("enabled");
                if (!enabled.isBoolean()) {
                    throw ApiException.badRequest("enabled", "must be true or false");
                }
                sets.add(Updates.set("enabled", enabled.asBoolean()));
                if (enabled.asBoolean() && !current.enabled()) {
                    // Enabled again by a person: the failing streak and the reason are history.
                    reEnabled = true;
                    sets.add(Updates.unset("disabledReason"));
                    sets.add(Updates.unset("disabledDetail"));
                    sets.add(Updates.unset("disabledAt"));
                    sets.add(Updates.unset("failingSince"));
                }
            }
            sets.add(Updates.set("updatedAt", Date.from(now)));
            Optional<Endpoint> updated = endpoints.update(id, current.version(), Updates.combine(sets));
            if (updated.isPresent()) {
                if (reEnabled) {
                    breakers.circuitBreaker(id).reset();
                    log.info("Webhook endpoint enabled again endpointId={}", id);
                }
                cache.reload();
                return view(updated.get(), null);
            }
        }
        throw RequestRefused.conflict("the endpoint is being changed concurrently; try again", java.util.Map.of());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        changeable(caller, id);
        endpoints.delete(id);
        cache.reload();
        log.info("Webhook endpoint deleted endpointId={}", id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate-secret")
    Rotated rotate(Caller caller, @PathVariable String id) {
        for (int tries = 0; tries < 5; tries++) {
            Endpoint current = changeable(caller, id);
            Instant now = clock.instant();
            Instant overlapEnds = now.plus(properties.secretOverlap());
            List<Document> secrets = new ArrayList<>();
            for (Endpoint.Secret secret : current.secrets()) {
                if (secret.signsAt(now)) {
                    Instant expires =
                            secret.expiresAt() == null || secret.expiresAt().isAfter(overlapEnds)
                                    ? overlapEnds
                                    : secret.expiresAt();
                    secrets.add(Endpoints.secret(new Endpoint.Secret(secret.sealed(), secret.createdAt(), expires)));
                }
            }
            String fresh = WebhookSignature.newSecret();
            secrets.add(Endpoints.secret(new Endpoint.Secret(box.seal(fresh), now, null)));
            Optional<Endpoint> updated = endpoints.update(
                    id,
                    current.version(),
                    Updates.combine(Updates.set("secrets", secrets), Updates.set("updatedAt", Date.from(now))));
            if (updated.isPresent()) {
                cache.reload();
                log.info("Webhook secret rotated endpointId={} previousSecretExpiresAt={}", id, overlapEnds);
                return new Rotated(id, fresh, overlapEnds);
            }
        }
        throw RequestRefused.conflict("the endpoint is being changed concurrently; try again", java.util.Map.of());
    }

    private Endpoint readable(Caller caller, String id) {
        return access.readable(caller, id);
    }

    private Endpoint changeable(Caller caller, String id) {
        return access.changeable(caller, id);
    }

    private URI url(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("url", "is required");
        }
        if (text.length() > MAX_URL) {
            throw ApiException.badRequest("url", "must be at most " + MAX_URL + " characters");
        }
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url", "is not a URL: " + e.getReason());
        }
        Optional<String> refusal = guard.refusal(url);
        if (refusal.isPresent()) {
            throw ApiException.badRequest("url", refusal.get());
        }
        return url;
    }

    private static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.badRequest("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    private static Set<String> eventTypes(List<String> types) {
        if (types == null) {
            return Set.of();
        }
        if (types.size() > WebhookEventTypes.ALL.size()) {
            throw ApiException.badRequest("eventTypes", "at most " + WebhookEventTypes.ALL.size() + " types");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String type : types) {
            if (!WebhookEventTypes.ALL.contains(type)) {
                throw ApiException.badRequest(
                        "eventTypes", "unknown event type '" + type + "'; use " + WebhookEventTypes.ALL);
            }
            set.add(type);
        }
        return set;
    }

    private EndpointView view(Endpoint endpoint, String secret) {
        Optional<CircuitBreaker> breaker = breakers.find(endpoint.id());
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
                breaker.map(b -> b.getState().name()).orElse("CLOSED"),
                endpoint.createdAt(),
                endpoint.updatedAt(),
                secret);
    }
}
