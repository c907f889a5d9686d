package com.keepintouch.contact.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * One owner's {@code Idempotency-Key} as stored: the hash of the first request's body and, once that
 * request is done, its answer ({@code status}, {@code location}, {@code body}; null while running).
 */
record IdempotencyKey(
        String id, String requestHash, State state, Instant createdAt, Integer status, String location, String body) {

    enum State {
        RUNNING,
        DONE
    }

    static IdempotencyKey running(String id, String requestHash, Instant createdAt) {
        return new IdempotencyKey(id, requestHash, State.RUNNING, createdAt, null, null, null);
    }

    /**
     * Whether the key is free again at {@code now}: its answer is older than {@code retention}, or its
     * first request has run longer than {@code runningTimeout} (it died with its instance).
     */
    boolean expired(Instant now, Duration retention, Duration runningTimeout) {
        Duration holds = state == State.DONE ? retention : runningTimeout;
        return createdAt.plus(holds).isBefore(now);
    }
}
