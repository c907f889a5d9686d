package com.keepintouch.notifier.webhook;

import com.keepintouch.notifier.domain.FailingStreak;
import com.keepintouch.notifier.domain.FailingStreak.Verdict;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.system.WebhookProperties;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each endpoint's failing streak from the outcomes of its attempts, and disables an endpoint
 * that answers 410 or has failed for {@code kit.webhooks.disable-after} ({@link FailingStreak}); the
 * disabling write stages its {@code endpoint.disabled} event.
 */
@Component
public class EndpointHealth {

    private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

    private final EndpointCache cache;
    private final Endpoints endpoints;
    private final FailingStreak streak;
    /** Streaks this instance started, before the cache shows them. */
    private final Map<String, Instant> failingHere = new ConcurrentHashMap<>();

    EndpointHealth(EndpointCache cache, Endpoints endpoints, WebhookProperties properties) {
        this.cache = cache;
        this.endpoints = endpoints;
        this.streak = new FailingStreak(properties.disableAfter());
    }

    /** The latest attempt to {@code endpointId} came to {@code kind}; a failure to keep the health is logged. */
    public void attempted(String endpointId, Outcome.Kind kind, Instant now) {
        Optional<Endpoint> known = cache.target(endpointId).map(EndpointCache.Target::endpoint);
        if (known.isEmpty() || !known.get().enabled()) {
            return;
        }
        Endpoint endpoint = known.get();
        try {
            Instant since = endpoint.failingSince() != null ? endpoint.failingSince() : failingHere.get(endpointId);
            Verdict verdict = streak.after(kind, since, now);
            switch (verdict) {
                case ENDS -> {
                    if (endpoint.failingSince() != null || failingHere.remove(endpointId) != null) {
                        endpoints.markHealthy(endpointId);
                    }
                }
                case STARTS -> {
                    endpoints.markFailing(endpointId, now);
                    failingHere.put(endpointId, now);
                }
                case GOES_ON -> {}
                case DISABLE_GONE, DISABLE_FAILING ->
                    disable(endpoint, FailingStreak.reason(verdict), FailingStreak.detail(verdict, since), now);
            }
        } catch (RuntimeException e) {
            log.warn("Keeping the health of endpoint {} failed: {}", endpointId, e.toString());
        }
    }

    private void disable(Endpoint endpoint, String reason, String detail, Instant now) {
        if (endpoints.disable(endpoint, reason, detail, now)) {
            failingHere.remove(endpoint.id());
            log.warn(
                    "Webhook endpoint disabled endpointId={} ownerId={} reason={} detail=\"{}\"",
                    endpoint.id(),
                    endpoint.ownerId(),
                    reason,
                    detail);
            cache.reload();
        }
    }
}
