package com.keepintouch.notifier.ops;

import com.keepintouch.notifier.delivery.BodyRetention;
import com.keepintouch.notifier.delivery.DeliveryStatistics;
import com.keepintouch.notifier.email.RelationshipStates;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointCache;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.kafka.KafkaBacklog;
import com.keepintouch.platform.security.Caller;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ops/summary}, for the operations dashboard ({@code ops} or {@code admin}):
 * relationships by status, deliveries by outcome per endpoint, endpoint health, the queue, and
 * the Kafka backlog (dead-letter depth, consumer lag), and what the retention sweeps removed (here
 * and at interaction-service, asked with the operator's own token). Counted at most every few
 * seconds, however often dashboards ask.
 */
@RestController
class OpsController {

    static final Duration CACHE = Duration.ofSeconds(3);

    private final DeliveryStatistics deliveries;
    private final RelationshipStates relationships;
    private final EndpointCache endpoints;
    private final CircuitBreakerRegistry breakers;
    private final KafkaBacklog backlog;
    private final BodyRetention bodies;
    private final InteractionRetention interactions;
    private final Clock clock;
    private volatile Summary cached;
    private volatile long cachedAt;

    OpsController(
            DeliveryStatistics deliveries,
            RelationshipStates relationships,
            EndpointCache endpoints,
            CircuitBreakerRegistry breakers,
            KafkaBacklog backlog,
            BodyRetention bodies,
            InteractionRetention interactions,
            Clock clock) {
        this.deliveries = deliveries;
        this.relationships = relationships;
        this.endpoints = endpoints;
        this.breakers = breakers;
        this.backlog = backlog;
        this.bodies = bodies;
        this.interactions = interactions;
        this.clock = clock;
    }

    record EndpointHealth(
            String id,
            String ownerId,
            boolean firmWide,
            String url,
            boolean enabled,
            String disabledReason,
            Instant failingSince,
            String circuitState,
            Map<String, Long> deliveries) {}

    record Summary(
            Instant asOf,
            Map<String, Long> relationshipsByStatus,
            Map<String, Long> deliveriesByStatus,
            List<EndpointHealth> endpoints,
            Map<String, Long> email,
            DeliveryStatistics.Queue queue,
            Kafka kafka,
            Retention retention) {}

    /**
     * What the retention sweeps removed: this service's delivery bodies, and interaction-service's
     * interaction summaries as it tells them (or {@code {"unavailable": "<why>"}}).
     */
    record Retention(BodyRetention.Figures deliveryBodies, Object interactionSummaries) {}

    /** Records waiting in each dead-letter topic and each consumer group's lag, as last measured. */
    record Kafka(Instant measuredAt, Map<String, Long> deadLetters, long deadLettersTotal, List<KafkaBacklog.Lag> lag) {
        static Kafka of(KafkaBacklog.Snapshot snapshot) {
            return new Kafka(
                    snapshot.takenAt(),
                    new java.util.TreeMap<>(snapshot.deadLetters()),
                    snapshot.deadLettersTotal(),
                    snapshot.lag());
        }
    }

    @GetMapping("/api/ops/summary")
    Summary summary(Caller caller, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!caller.readsAllOwners()) {
            throw RequestRefused.forbidden("the operations summary needs the ops or admin scope");
        }
        long now = System.nanoTime();
        Summary summary = cached;
        if (summary == null || now - cachedAt > CACHE.toNanos()) {
            summary = compute(authorization);
            cached = summary;
            cachedAt = now;
        }
        return summary;
    }

    private Summary compute(String authorization) {
        Map<String, Map<String, Long>> byTarget = deliveries.byTargetAndStatus();
        Map<String, Long> totals = new java.util.TreeMap<>();
        byTarget.values().forEach(m -> m.forEach((status, n) -> totals.merge(status, n, Long::sum)));
        List<EndpointHealth> health = endpoints.all().stream()
                .sorted(Comparator.comparing(Endpoint::createdAt))
                .map(e -> new EndpointHealth(
                        e.id(),
                        e.ownerId(),
                        e.firmWide(),
                        e.url().toString(),
                        e.enabled(),
                        e.disabledReason(),
                        e.failingSince(),
                        breakers.find(e.id())
                                .map(CircuitBreaker::getState)
                                .map(Enum::name)
                                .orElse("CLOSED"),
                        byTarget.getOrDefault(e.id(), Map.of())))
                .toList();
        return new Summary(
                clock.instant(),
                relationships.countByStatus(),
                totals,
                health,
                byTarget.getOrDefault("email", Map.of()),
                deliveries.queue(),
                Kafka.of(backlog.snapshot()),
                new Retention(bodies.figures(), interactions.figures(authorization)));
    }
}
