package com.keepintouch.notifier.webhook;

import com.keepintouch.notifier.domain.AddressPolicy;
import com.keepintouch.notifier.domain.AddressPolicy.Cidr;
import com.keepintouch.notifier.domain.RetrySchedule;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are sent ({@code kit.webhooks.*}).
 *
 * @param allowedNetworks networks a webhook may target although they are private, loopback or
 *     link-local (CIDRs, e.g. {@code 127.0.0.0/8} on the local stack); empty in production
 * @param attemptTimeout an attempt that has not answered 2xx in this time failed
 * @param connectTimeout time to open a connection, within the attempt timeout
 * @param retrySchedule waits after the 1st, 2nd, ... failed attempt; one attempt more than waits
 * @param jitter each wait is spread by up to this fraction either way
 * @param retryAfterMin shortest wait a receiver's {@code Retry-After} may ask for
 * @param retryAfterMax longest wait a receiver's {@code Retry-After} may ask for
 * @param disableAfter an endpoint failing without a success for this long is disabled
 * @param secretOverlap after a rotation the previous secret still signs for this long
 * @param maxConcurrency attempts in flight per endpoint (Resilience4j bulkhead)
 * @param ratePerSecond attempts per second per endpoint (Resilience4j rate limiter)
 * @param maxQueued deliveries waiting in memory per endpoint; more wait in the database
 * @param circuitFailureRate percentage of failed attempts that opens an endpoint's circuit
 * @param circuitMinimumCalls attempts before the failure rate counts
 * @param circuitOpenFor how long an open circuit refuses attempts before it lets a few through
 * @param lease how long an instance holds a delivery it is attempting; after that another may take it
 * @param sweepInterval how often due retries are looked for
 * @param stuckScanInterval how often every delivery whose time has passed is looked for (safety net)
 * @param secretKey encrypts the endpoints' signing secrets at rest; set it in production
 * @param consumerGroup the Kafka consumer group of the fan-out
 */
@ConfigurationProperties("kit.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedNetworks,
        @DefaultValue("15s") Duration attemptTimeout,
        @DefaultValue("5s") Duration connectTimeout,

        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"})
        List<Duration> retrySchedule,

        @DefaultValue("0.1") double jitter,
        @DefaultValue("1s") Duration retryAfterMin,
        @DefaultValue("10h") Duration retryAfterMax,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("32") int maxConcurrency,
        @DefaultValue("1000") int ratePerSecond,
        @DefaultValue("2000") int maxQueued,
        @DefaultValue("50") float circuitFailureRate,
        @DefaultValue("20") int circuitMinimumCalls,
        @DefaultValue("30s") Duration circuitOpenFor,
        @DefaultValue("1m") Duration lease,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("1m") Duration stuckScanInterval,

        @DefaultValue("kit-local-webhook-secret-key-change-me")
        String secretKey,

        @DefaultValue("notifier-service") String consumerGroup) {

    public WebhookProperties {
        if (retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("kit.webhooks.retry-schedule needs at least one wait");
        }
        allowedNetworks.forEach(Cidr::parse);
    }

    public AddressPolicy addressPolicy() {
        return new AddressPolicy(allowedNetworks.stream()
                .filter(s -> !s.isBlank())
                .map(Cidr::parse)
                .toList());
    }

    public RetrySchedule schedule() {
        return new RetrySchedule(retrySchedule, jitter, retryAfterMin, retryAfterMax);
    }
}
