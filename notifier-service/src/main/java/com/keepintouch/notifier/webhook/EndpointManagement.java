package com.keepintouch.notifier.webhook;

import com.keepintouch.notifier.domain.WebhookSignature;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.security.TargetGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Webhook endpoints and what people do with them. A recruiter manages their own, which receive only
 * their events; an admin also manages firm-wide ones, which receive every owner's; ops reads them
 * all, and another owner's endpoint does not exist for a recruiter (404). The signing secret is
 * given out on create and on a rotation, and never again.
 */
@Service
public class EndpointManagement {

    private static final Logger log = LoggerFactory.getLogger(EndpointManagement.class);
    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 500;
    /** The form of an endpoint's id: {@code ep_} and 24 hex digits. */
    static final Pattern ID_FORM = Pattern.compile("ep_[0-9a-f]{24}");
    /** A change that lost this many compare-and-sets in a row is refused (409): someone else keeps changing it. */
    static final int TRIES = 5;

    private final Endpoints endpoints;
    private final EndpointCache cache;
    private final SecretBox box;
    private final TargetGuard guard;
    private final CircuitBreakerRegistry breakers;
    private final WebhookProperties properties;
    private final Clock clock;

    EndpointManagement(
            Endpoints endpoints,
            EndpointCache cache,
            SecretBox box,
            TargetGuard guard,
            CircuitBreakerRegistry breakers,
            WebhookProperties properties,
            Clock clock) {
        this.endpoints = endpoints;
        this.cache = cache;
        this.box = box;
        this.guard = guard;
        this.breakers = breakers;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * What a new endpoint is asked to be (the body of {@code POST /api/webhooks}); {@code firmWide}
     * and {@code ownerId} count for an admin only.
     */
    record NewEndpoint(
            String url,
            List<String> eventTypes,
            String description,
            Boolean enabled,
            Boolean firmWide,
            String ownerId) {}

    /** A new endpoint and its signing secret, shown this once. */
    record Created(Endpoint endpoint, String secret) {}

    /**
     * A merge patch as the caller sent it: only the fields named in {@code fields} change. Each value
     * is what the JSON held (a String, a Boolean, a List of Strings, null, or anything else); its type
     * is checked here, with the rest of the field's rules, in the order of the fields.
     */
    record Patch(Set<String> fields, Object url, Object eventTypes, Object description, Object enabled) {

        static final Set<String> PATCHABLE = Set.of("url", "eventTypes", "description", "enabled");

        boolean has(String field) {
            return fields.contains(field);
        }
    }

    /** A rotation's new secret, shown this once, and until when the previous one still signs. */
    record Rotated(String id, String secret, Instant previousSecretExpiresAt) {}

    Created create(Caller caller, NewEndpoint request) {
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
        return new Created(endpoint, secret);
    }

    /** The caller's endpoints (ops and admin: everyone's, or {@code ownerId}'s) in id order, after {@code cursor}. */
    Page<Endpoint> list(Caller caller, String ownerId, int limit, String cursor) {
        PageRequest page = PageRequest.byId(limit, cursor, ID_FORM);
        return page.page(
                endpoints.list(caller.readableOwners(ownerId), page), e -> Position.of(e.id()), Function.identity());
    }

    /** The endpoint if the caller may see it: their own, or any for ops and admin. */
    public Endpoint readable(Caller caller, String id) {
        Endpoint endpoint = endpoints.find(id).orElseThrow(() -> RequestRefused.notFound("webhook endpoint", id));
        if (!caller.readsAllOwners() && !caller.userId().equals(endpoint.ownerId())) {
            throw RequestRefused.notFound("webhook endpoint", id);
        }
        return endpoint;
    }

    /** The endpoint if the caller may change it: their own, or any for admin; ops only reads. */
    public Endpoint changeable(Caller caller, String id) {
        Endpoint endpoint = readable(caller, id);
        if (!caller.mayAccess(endpoint.ownerId())) {
            throw RequestRefused.forbidden("ops may read endpoints, not change them");
        }
        if (endpoint.firmWide() && !caller.isAdmin()) {
            throw RequestRefused.forbidden("only an admin manages firm-wide endpoints");
        }
        return endpoint;
    }

    /**
     * Applies a merge patch. Enabling a disabled endpoint clears why it was disabled and its failing
     * streak, and closes its circuit: a person says it works again.
     */
    Endpoint update(Caller caller, String id, Patch patch) {
        for (String field : patch.fields()) {
            if (!Patch.PATCHABLE.contains(field)) {
                throw RequestRefused.invalid(
                        field, "is not a field that can be changed; use one of " + Patch.PATCHABLE);
            }
        }
        for (int tries = 0; tries < TRIES; tries++) {
            Endpoint current = changeable(caller, id);
            URI url = patch.has("url") ? url(patch.url() instanceof String text ? text : null) : current.url();
            Set<String> types = patch.has("eventTypes") ? eventTypes(patch.eventTypes()) : current.eventTypes();
            String description = patch.has("description") ? description(patch.description()) : current.description();
            boolean enabled = current.enabled();
            if (patch.has("enabled")) {
                if (!(patch.enabled() instanceof Boolean value)) {
                    throw RequestRefused.invalid("enabled", "must be true or false");
                }
                enabled = value;
            }
            boolean reEnabled = enabled && !current.enabled();
            Endpoint changed = new Endpoint(
                    current.id(),
                    current.ownerId(),
                    current.firmWide(),
                    url,
                    description,
                    types,
                    enabled,
                    // Enabled again by a person: the failing streak and the reason are history.
                    reEnabled ? null : current.disabledReason(),
                    reEnabled ? null : current.disabledDetail(),
                    reEnabled ? null : current.disabledAt(),
                    reEnabled ? null : current.failingSince(),
                    current.secrets(),
                    current.createdAt(),
                    clock.instant(),
                    current.version());
            Optional<Endpoint> updated = endpoints.update(current, changed);
            if (updated.isPresent()) {
                if (reEnabled) {
                    breakers.circuitBreaker(id).reset();
                    log.info("Webhook endpoint enabled again endpointId={}", id);
                }
                cache.reload();
                return updated.get();
            }
        }
        throw RequestRefused.conflict("the endpoint is being changed concurrently; try again", Map.of());
    }

    void delete(Caller caller, String id) {
        changeable(caller, id);
        endpoints.delete(id);
        cache.reload();
        log.info("Webhook endpoint deleted endpointId={}", id);
    }

    /** A new signing secret; the ones that sign now go on signing until {@code kit.webhooks.secret-overlap} from now. */
    Rotated rotateSecret(Caller caller, String id) {
        for (int tries = 0; tries < TRIES; tries++) {
            Endpoint current = changeable(caller, id);
            Instant now = clock.instant();
            Instant overlapEnds = now.plus(properties.secretOverlap());
            List<Endpoint.Secret> secrets = new ArrayList<>();
            for (Endpoint.Secret secret : current.secrets()) {
                if (secret.signsAt(now)) {
                    Instant expires =
                            secret.expiresAt() == null || secret.expiresAt().isAfter(overlapEnds)
                                    ? overlapEnds
                                    : secret.expiresAt();
                    secrets.add(new Endpoint.Secret(secret.sealed(), secret.createdAt(), expires));
                }
            }
            String fresh = WebhookSignature.newSecret();
            secrets.add(new Endpoint.Secret(box.seal(fresh), now, null));
            Endpoint rotated = new Endpoint(
                    current.id(),
                    current.ownerId(),
                    current.firmWide(),
                    current.url(),
                    current.description(),
                    current.eventTypes(),
                    current.enabled(),
                    current.disabledReason(),
                    current.disabledDetail(),
                    current.disabledAt(),
                    current.failingSince(),
                    secrets,
                    current.createdAt(),
                    now,
                    current.version());
            if (endpoints.update(current, rotated).isPresent()) {
                cache.reload();
                log.info("Webhook secret rotated endpointId={} previousSecretExpiresAt={}", id, overlapEnds);
                return new Rotated(id, fresh, overlapEnds);
            }
        }
        throw RequestRefused.conflict("the endpoint is being changed concurrently; try again", Map.of());
    }

    /** The state of the endpoint's circuit breaker: {@code CLOSED} until it has one. */
    public String circuitState(String endpointId) {
        return breakers.find(endpointId)
                .map(CircuitBreaker::getState)
                .map(Enum::name)
                .orElse("CLOSED");
    }

    private URI url(String text) {
        if (text == null || text.isBlank()) {
            throw RequestRefused.invalid("url", "is required");
        }
        if (text.length() > MAX_URL) {
            throw RequestRefused.invalid("url", "must be at most " + MAX_URL + " characters");
        }
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw RequestRefused.invalid("url", "is not a URL: " + e.getReason());
        }
        Optional<String> refusal = guard.refusal(url);
        if (refusal.isPresent()) {
            throw RequestRefused.invalid("url", refusal.get());
        }
        return url;
    }

    private static String description(Object value) {
        if (value != null && !(value instanceof String)) {
            throw RequestRefused.invalid("description", "must be a string");
        }
        String description = (String) value;
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw RequestRefused.invalid("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /** A patch's event types: null is every type, like an empty list. */
    private static Set<String> eventTypes(Object value) {
        if (value != null && !(value instanceof List<?>)) {
            throw RequestRefused.invalid("eventTypes", "must be a list of event types");
        }
        return eventTypes(
                value == null
                        ? List.<String>of()
                        : ((List<?>) value).stream().map(String::valueOf).toList());
    }

    private static Set<String> eventTypes(List<String> types) {
        if (types == null) {
            return Set.of();
        }
        if (types.size() > WebhookEventTypes.ALL.size()) {
            throw RequestRefused.invalid("eventTypes", "at most " + WebhookEventTypes.ALL.size() + " types");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String type : types) {
            if (!WebhookEventTypes.ALL.contains(type)) {
                throw RequestRefused.invalid(
                        "eventTypes", "unknown event type '" + Quoted.of(type) + "'; use " + WebhookEventTypes.ALL);
            }
            set.add(type);
        }
        return set;
    }
}
