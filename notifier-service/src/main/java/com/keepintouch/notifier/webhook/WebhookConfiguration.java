package com.keepintouch.notifier.webhook;

import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.security.TargetGuard;
import com.mongodb.client.MongoDatabase;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The endpoints collection and outbox, the secret box, the SSRF guard, and the Resilience4j
 * registries that give every endpoint its own circuit breaker, rate limiter and bulkhead (named by
 * the endpoint id).
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /** {@code kit_notifier_endpoints{state=enabled|disabled}}, from the endpoint cache (no query). */
    @Bean
    MeterBinder endpointGauges(EndpointCache cache) {
        return registry -> {
            Gauge.builder(
                            "kit.notifier.endpoints",
                            cache,
                            c -> c.all().stream().filter(Endpoint::enabled).count())
                    .tag("state", "enabled")
                    .register(registry);
            Gauge.builder(
                            "kit.notifier.endpoints",
                            cache,
                            c -> c.all().stream().filter(e -> !e.enabled()).count())
                    .tag("state", "disabled")
                    .register(registry);
        };
    }

    @Bean
    OutboxSource endpointsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("endpoints"));
    }

    @Bean
    SecretBox secretBox(WebhookProperties properties) {
        return new SecretBox(properties.secretKey(), "webhook secret", "kit.webhooks.secret-key");
    }

    @Bean
    @ConditionalOnMissingBean
    TargetGuard.Resolver hostResolver() {
        return TargetGuard.Resolver.system();
    }

    @Bean
    TargetGuard targetGuard(WebhookProperties properties, TargetGuard.Resolver resolver) {
        return new TargetGuard(properties.addressPolicy(), resolver, "webhooks");
    }

    @Bean
    CircuitBreakerRegistry endpointBreakers(WebhookProperties properties, MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.circuitFailureRate())
                .minimumNumberOfCalls(properties.circuitMinimumCalls())
                .slidingWindowSize(Math.max(properties.circuitMinimumCalls(), properties.circuitWindow()))
                .waitDurationInOpenState(properties.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(properties.circuitHalfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    RateLimiterRegistry endpointRateLimiters(WebhookProperties properties) {
        return RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(
                        1,
                        properties.ratePerSecond()
                                / (int) (1000 / properties.rateLimitPeriod().toMillis())))
                .limitRefreshPeriod(properties.rateLimitPeriod())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    @Bean
    BulkheadRegistry endpointBulkheads(WebhookProperties properties) {
        return BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxConcurrency())
                .maxWaitDuration(Duration.ZERO)
                .build());
    }
}
