package com.keepintouch.notifier.webhook;

import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.system.PeriodicTask;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Every endpoint in memory, with its secrets opened for signing: the fan-out asks who receives
 * each event, and the dispatcher how to sign each attempt, thousands of times a second. Reloaded
 * every {@code kit.webhooks.endpoint-refresh} (changes made by another instance arrive within it)
 * and at once after a change made here.
 */
@Component
public class EndpointCache extends PeriodicTask {

    /** An endpoint and its signing secrets, opened, newest first. */
    public record Target(Endpoint endpoint, List<OpenSecret> secrets) {

        public List<String> signingSecrets(Instant now) {
            return secrets.stream()
                    .filter(s -> s.expiresAt() == null || s.expiresAt().isAfter(now))
                    .map(OpenSecret::secret)
                    .toList();
        }
    }

    public record OpenSecret(String secret, Instant expiresAt) {}

    private final Endpoints endpoints;
    private final SecretBox box;
    private final Clock clock;
    private volatile Map<String, Target> byId = Map.of();

    EndpointCache(Endpoints endpoints, SecretBox box, WebhookProperties properties, Clock clock) {
        super("endpoint-cache", properties.endpointRefresh(), properties.endpointRefresh());
        this.endpoints = endpoints;
        this.box = box;
        this.clock = clock;
    }

    public Optional<Target> target(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The enabled endpoints that receive an event of {@code type} about {@code ownerId}. */
    public List<Endpoint> subscribers(String ownerId, String type) {
        List<Endpoint> found = new ArrayList<>();
        for (Target target : byId.values()) {
            if (target.endpoint().receives(ownerId, type)) {
                found.add(target.endpoint());
            }
        }
        return found;
    }

    public List<Endpoint> all() {
        return byId.values().stream().map(Target::endpoint).toList();
    }

    @Override
    protected void runOnce() {
        reload();
    }

    /** Loaded before the consumers and the dispatcher start, so the first event finds its endpoints. */
    @Override
    public void start() {
        reload();
        super.start();
    }

    /** Reloads now; called after a change, and by a test that changed the database. */
    public synchronized void reload() {
        Instant now = clock.instant();
        Map<String, Target> loaded = new LinkedHashMap<>();
        Map<String, Target> previous = byId;
        for (Endpoint endpoint : endpoints.all()) {
            Target known = previous.get(endpoint.id());
            List<OpenSecret> secrets =
                    known != null && known.endpoint().secrets().equals(endpoint.secrets())
                            ? known.secrets()
                            : endpoint.signingSecrets(now).stream()
                                    .map(s -> new OpenSecret(box.open(s.sealed()), s.expiresAt()))
                                    .toList();
            loaded.put(endpoint.id(), new Target(endpoint, secrets));
        }
        byId = Map.copyOf(loaded);
    }

    /** Before the consumers and the dispatcher start, after the database is there. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }
}
