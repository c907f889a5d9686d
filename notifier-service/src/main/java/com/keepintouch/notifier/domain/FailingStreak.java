package com.keepintouch.notifier.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt means for its endpoint's health: a success ends a failing streak, the first
 * failure after a success starts one, and an endpoint is disabled when it answers 410 Gone or when
 * its streak has lasted {@code disableAfter}.
 */
public record FailingStreak(Duration disableAfter) {

    /** What to do with the endpoint. */
    public enum Verdict {
        /** A success: a streak, if any, is over. */
        ENDS,
        /** The first failure after a success: the streak starts now. */
        STARTS,
        /** Another failure, the streak not yet long enough. */
        GOES_ON,
        /** Disabled: it answered 410 Gone. */
        DISABLE_GONE,
        /** Disabled: every attempt failed for {@code disableAfter}. */
        DISABLE_FAILING
    }

    /** The verdict on an attempt that came to {@code kind}, for an endpoint failing since {@code since} (or not, null). */
    public Verdict after(Outcome.Kind kind, Instant since, Instant now) {
        if (kind == Outcome.Kind.DELIVERED) {
            return Verdict.ENDS;
        }
        if (kind == Outcome.Kind.GONE) {
            return Verdict.DISABLE_GONE;
        }
        if (since == null) {
            return Verdict.STARTS;
        }
        return since.plus(disableAfter).isAfter(now) ? Verdict.GOES_ON : Verdict.DISABLE_FAILING;
    }

    /** The reason an endpoint disabled by {@code verdict} carries in {@code endpoint.disabled}. */
    public static String reason(Verdict verdict) {
        return verdict == Verdict.DISABLE_GONE ? EndpointDisabled.GONE : EndpointDisabled.FAILING;
    }

    /** The detail, for people, of an endpoint disabled by {@code verdict}. */
    public static String detail(Verdict verdict, Instant since) {
        return verdict == Verdict.DISABLE_GONE
                ? "The endpoint answered 410 Gone"
                : "Every attempt failed since " + since;
    }
}
