package com.keepintouch.notifier.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, the n-th delay of the
 * schedule ({@code kit.webhooks.retry-schedule}: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by default), spread by a random jitter so that
 * the retries of an outage do not all arrive together. A {@code Retry-After} the receiver sent is
 * honoured instead, within {@code [minRetryAfter, maxRetryAfter]}. After the last delay the
 * delivery has failed.
 */
public record RetrySchedule(List<Duration> delays, double jitter, Duration minRetryAfter, Duration maxRetryAfter) {

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter is a fraction in [0, 1), was " + jitter);
        }
        if (minRetryAfter.compareTo(maxRetryAfter) > 0) {
            throw new IllegalArgumentException("minRetryAfter is after maxRetryAfter");
        }
    }

    /** Attempts in all: the first and one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * The wait before the next attempt, after {@code attemptsMade} attempts of which the last failed;
     * empty when the schedule is exhausted.
     */
    public Optional<Duration> next(int attemptsMade, Optional<Duration> retryAfter, RandomGenerator random) {
        if (attemptsMade < 1 || attemptsMade > delays.size()) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            if (asked.compareTo(minRetryAfter) < 0) {
                return Optional.of(minRetryAfter);
            }
            return Optional.of(asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked);
        }
        Duration base = delays.get(attemptsMade - 1);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
    }
}
