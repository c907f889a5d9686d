package com.keepintouch.notifier.domain;

import java.time.Duration;

/**
 * What one attempt came to.
 *
 * @param kind what happened
 * @param statusCode the receiver's HTTP status, if it answered
 * @param error why it failed, for people; never a secret or a URL
 * @param latencyMs how long the attempt took
 * @param retryAfter the wait the receiver asked for, if it did
 */
public record Outcome(Kind kind, Integer statusCode, String error, long latencyMs, Duration retryAfter) {

    public enum Kind {
        /** 2xx in time, or the SMTP server accepted the email. */
        DELIVERED,
        /** Sent and failed (an error status, a timeout, a refused connection); retried. */
        FAILED,
        /**
         * Not sent, by our own checks (circuit open, address not allowed): counts as a failed attempt
         * and is retried, but not against the circuit.
         */
        REFUSED,
        /** 410 Gone: the endpoint is disabled and the delivery failed. */
        GONE,
        /** Not attempted and never will be: the endpoint was deleted or disabled. */
        ABANDONED,
        /** Not attempted now (the endpoint's queue is full or the job waited too long); tried later. */
        DEFERRED
    }

    public static Outcome delivered(int statusCode, long latencyMs) {
        return new Outcome(Kind.DELIVERED, statusCode, null, latencyMs, null);
    }

    public static Outcome failed(Integer statusCode, String error, long latencyMs, Duration retryAfter) {
        return new Outcome(Kind.FAILED, statusCode, error, latencyMs, retryAfter);
    }

    public static Outcome refused(String error) {
        return new Outcome(Kind.REFUSED, null, error, 0, null);
    }

    public static Outcome abandoned(String error) {
        return new Outcome(Kind.ABANDONED, null, error, 0, null);
    }

    public static Outcome deferred(String why) {
        return new Outcome(Kind.DEFERRED, null, why, 0, null);
    }

    public boolean attempted() {
        return kind == Kind.DELIVERED || kind == Kind.FAILED || kind == Kind.REFUSED || kind == Kind.GONE;
    }
}
