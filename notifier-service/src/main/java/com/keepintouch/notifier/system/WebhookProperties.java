package com.keepintouch.notifier.system;

import com.keepintouch.notifier.domain.RetrySchedule;
import com.keepintouch.platform.security.AddressPolicy;
import com.keepintouch.platform.security.AddressPolicy.Cidr;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhooks, and the delivery machinery that emails share, are sent ({@code kit.webhooks.*}).
 * Every default is in {@code application.yml}, each with a one-line comment; none is repeated here.
 *
 * @param allowedNetworks networks a webhook may target although they are private, loopback or
 *     link-local (CIDRs, e.g. {@code 127.0.0.0/8} on the local stack); empty in production
 * @param attemptTimeout an attempt that has not answered 2xx in this time failed
 * @param connectTimeout time to open a connection, within the attempt timeout
 * @param httpThreads threads of the HTTP client that complete the attempts (no thread waits for a receiver)
 * @param retrySchedule waits after the 1st, 2nd, ... failed attempt; one attempt more than waits
 * @param jitter each wait is spread by up to this fraction either way
 * @param retryAfterMin shortest wait a receiver's {@code Retry-After} may ask for
 * @param retryAfterMax longest wait a receiver's {@code Retry-After} may ask for
 * @param disableAfter an endpoint failing without a success for this long is disabled
 * @param secretOverlap after a rotation the previous secret still signs for this long
 * @param maxConcurrency attempts in flight per endpoint (Resilience4j bulkhead)
 * @param ratePerSecond attempts per second per endpoint (Resilience4j rate limiter)
 * @param rateLimitPeriod the rate limiter hands out {@code ratePerSecond} in slices of this period
 * @param rateLimitRetry a lane whose rate limit is spent tries again after this
 * @param maxQueued deliveries waiting in memory per endpoint; more wait in the database
 * @param fanOutChunk deliveries the fan-out stores and queues at a time
 * @param fanOutPatience how long the fan-out waits for room in the queues before it goes on anyway
 * @param dispatcherThreads threads that hand queued deliveries to their attempts
 * @param overdueAfter a queued delivery this far past its time counts as overdue ({@code kit_notifier_queue})
 * @param circuitFailureRate percentage of failed attempts that opens an endpoint's circuit
 * @param circuitMinimumCalls attempts before the failure rate counts
 * @param circuitWindow attempts the failure rate is measured over (at least {@code circuitMinimumCalls})
 * @param circuitHalfOpenCalls attempts let through to test an endpoint whose circuit was open
 * @param circuitOpenFor how long an open circuit refuses attempts before it lets a few through
 * @param lease how long an instance holds a delivery it is attempting; after that another may take it
 * @param deferFor how long a delivery let go of without an attempt (its queue was full) waits
 * @param sweepInterval how often due retries are looked for
 * @param stuckScanInterval how often every delivery whose time has passed is looked for (safety net)
 * @param stuckScanLimit deliveries one stuck-work scan takes up at most
 * @param recordBatchSize outcomes of attempts written in one bulk write
 * @param recordRetryFirst first wait after writing outcomes failed (the database is down); it doubles
 * @param recordRetryMax longest wait between tries to write outcomes
 * @param outcomePublishTimeout how long the outcomes' events may take to be acknowledged by Kafka
 * @param attemptLogSize attempts kept in a delivery's log (all are counted in {@code attempts})
 * @param endpointRefresh how often the endpoints are read again (changes made by other instances)
 * @param recoverWindow how far back a recovery may reach: every message since its {@code since} is read
 * @param secretKey encrypts the endpoints' signing secrets at rest; set it in production
 * @param consumerGroup the Kafka consumer group of the fan-out
 */
@ConfigurationProperties("kit.webhooks")
public record WebhookProperties(
        List<String> allowedNetworks,
        Duration attemptTimeout,
        Duration connectTimeout,
        int httpThreads,
        List<Duration> retrySchedule,
        double jitter,
        Duration retryAfterMin,
        Duration retryAfterMax,
        Duration disableAfter,
        Duration secretOverlap,
        int maxConcurrency,
        int ratePerSecond,
        Duration rateLimitPeriod,
        Duration rateLimitRetry,
        int maxQueued,
        int fanOutChunk,
        Duration fanOutPatience,
        int dispatcherThreads,
        Duration overdueAfter,
        float circuitFailureRate,
        int circuitMinimumCalls,
        int circuitWindow,
        int circuitHalfOpenCalls,
        Duration circuitOpenFor,
        Duration lease,
        Duration deferFor,
        Duration sweepInterval,
        Duration stuckScanInterval,
        int stuckScanLimit,
        int recordBatchSize,
        Duration recordRetryFirst,
        Duration recordRetryMax,
        Duration outcomePublishTimeout,
        int attemptLogSize,
        Duration endpointRefresh,
        Duration recoverWindow,
        String secretKey,
        String consumerGroup) {

    public WebhookProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        if (retrySchedule == null || retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("kit.webhooks.retry-schedule needs at least one wait");
        }
        Settings.required(
                "kit.webhooks",
                attemptTimeout,
                connectTimeout,
                retryAfterMin,
                retryAfterMax,
                disableAfter,
                secretOverlap,
                rateLimitPeriod,
                rateLimitRetry,
                fanOutPatience,
                overdueAfter,
                circuitOpenFor,
                lease,
                deferFor,
                sweepInterval,
                stuckScanInterval,
                recordRetryFirst,
                recordRetryMax,
                outcomePublishTimeout,
                endpointRefresh,
                recoverWindow,
                secretKey,
                consumerGroup);
        Settings.positive(
                "kit.webhooks",
                httpThreads,
                maxConcurrency,
                ratePerSecond,
                maxQueued,
                fanOutChunk,
                dispatcherThreads,
                circuitMinimumCalls,
                circuitWindow,
                circuitHalfOpenCalls,
                stuckScanLimit,
                recordBatchSize,
                attemptLogSize);
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
