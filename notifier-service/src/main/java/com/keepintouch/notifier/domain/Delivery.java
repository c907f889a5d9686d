package com.keepintouch.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One message to one destination (a webhook endpoint, or an email to one person), and every
 * attempt to get it there. It is stored before its first attempt, so a crash never loses it; its id
 * is derived from the message and the destination, so a message read twice is delivered once.
 *
 * <p>Its states: {@code PENDING} (held by an instance until {@code leaseUntil} while attempted, or
 * waiting for {@code nextAttemptAt}), then {@code DELIVERED} or {@code FAILED}; a failed one can be
 * {@link #restarted} by hand. A pending one whose contact was erased is {@code CANCELLED}, for
 * good. {@link #after} is the whole state machine of an attempt; the repository only stores what it
 * decided, as a compare-and-set on the id and {@code etag}.
 *
 * @param ownerId whose delivery it is: the endpoint's owner, or the email's recipient
 * @param attempts every attempt made
 * @param round the attempts made before the last retry by hand; the retry schedule counts from it
 * @param version counts changes: the {@code sequence} of its events
 * @param etag replaced on every change; every change is a compare-and-set on the id and it
 */
public record Delivery(
        String id,
        Destination destination,
        String ownerId,
        String contactId,
        String eventId,
        String eventType,
        Status status,
        int attempts,
        int round,
        Instant nextAttemptAt,
        Instant leaseUntil,
        Integer responseStatus,
        String lastError,
        Instant createdAt,
        Instant deliveredAt,
        Instant failedAt,
        List<Attempt> log,
        long version,
        String etag) {

    public enum Channel {
        WEBHOOK,
        EMAIL
    }

    public enum Status {
        PENDING,
        DELIVERED,
        FAILED,
        /** Never to be attempted again: the contact it is about was erased. */
        CANCELLED
    }

    public Delivery {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** One attempt: when, how long, what came back. */
    public record Attempt(Instant at, long latencyMs, Integer statusCode, String error) {}

    /** A webhook delivery, new and held by this instance for its first attempt. */
    public static Delivery webhook(
            String messageId,
            String endpointId,
            String endpointOwner,
            String contactId,
            String eventId,
            String eventType,
            Instant now,
            Instant leaseUntil) {
        return pending(
                webhookId(messageId, endpointId),
                new WebhookDestination(endpointId, messageId),
                endpointOwner,
                contactId,
                eventId,
                eventType,
                now,
                leaseUntil);
    }

    /** An email delivery, new and held by this instance for its first attempt. */
    public static Delivery email(
            String key,
            String recipientOwner,
            String contactId,
            String eventId,
            String eventType,
            EmailDestination email,
            Instant now,
            Instant leaseUntil) {
        return pending(
                idOf(key, "email:" + recipientOwner),
                email,
                recipientOwner,
                contactId,
                eventId,
                eventType,
                now,
                leaseUntil);
    }

    private static Delivery pending(
            String id,
            Destination destination,
            String ownerId,
            String contactId,
            String eventId,
            String eventType,
            Instant now,
            Instant leaseUntil) {
        return new Delivery(
                id,
                destination,
                ownerId,
                contactId,
                eventId,
                eventType,
                Status.PENDING,
                0,
                0,
                now,
                leaseUntil,
                null,
                null,
                now,
                null,
                null,
                List.of(),
                1,
                newEtag());
    }

    /** {@code dl_} and 24 hex digits of SHA-256 of what was sent and where: the same on every redelivery. */
    public static String idOf(String what, String where) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest((what + "|" + where).getBytes(StandardCharsets.UTF_8));
            return "dl_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The id of the webhook delivery of message {@code messageId} to endpoint {@code endpointId}. */
    public static String webhookId(String messageId, String endpointId) {
        return idOf(messageId, "webhook:" + endpointId);
    }

    /** A fresh compare-and-set token. */
    public static String newEtag() {
        return UUID.randomUUID().toString();
    }

    public Channel channel() {
        return destination.channel();
    }

    /** The endpoint it goes to; empty for an email. */
    public Optional<String> endpointId() {
        return destination instanceof WebhookDestination webhook ? Optional.of(webhook.endpointId()) : Optional.empty();
    }

    /** The webhook message it sends; empty for an email. */
    public Optional<String> messageId() {
        return destination instanceof WebhookDestination webhook ? Optional.of(webhook.messageId()) : Optional.empty();
    }

    /** Attempts made in the current round: what the retry schedule counts. */
    public int attemptsThisRound() {
        return attempts - round;
    }

    /** This new delivery, held until {@code until} (not yet stored). */
    public Delivery heldUntil(Instant until) {
        return with(
                        status,
                        attempts,
                        round,
                        nextAttemptAt,
                        until,
                        responseStatus,
                        lastError,
                        deliveredAt,
                        failedAt,
                        log)
                .versioned(version, etag);
    }

    /** This delivery as a claim changes it: held until {@code until}, one version on. */
    public Delivery claimed(Instant until) {
        return with(
                status, attempts, round, nextAttemptAt, until, responseStatus, lastError, deliveredAt, failedAt, log);
    }

    /**
     * This delivery pending again now, held until {@code until}: a retry by hand or a recovery.
     * Attempts and their log are kept; the retry schedule starts again.
     */
    public Delivery restarted(Instant now, Instant until) {
        return with(Status.PENDING, attempts, attempts, now, until, responseStatus, lastError, deliveredAt, null, log);
    }

    /** The outcome counted in {@code kit_notifier_deliveries_total{outcome}}. */
    public enum Result {
        DELIVERED,
        RETRYING,
        DEFERRED,
        FAILED
    }

    /**
     * What an outcome did to a delivery.
     *
     * @param after the delivery now: let go of, one version on
     * @param attempt the attempt it recorded, if it was one
     * @param event what to publish, if the delivery is over
     */
    public record Transition(
            Delivery before, Delivery after, Result result, Optional<Attempt> attempt, Optional<DeliveryEvent> event) {

        /** When the delivery is to be taken up again, if it waits. */
        public Optional<Instant> nextAttemptAt() {
            return result == Result.RETRYING || result == Result.DEFERRED
                    ? Optional.of(after.nextAttemptAt())
                    : Optional.empty();
        }
    }

    /**
     * The state machine of an attempt: what {@code outcome} at {@code now} makes of this delivery.
     * Delivered is final; a failed attempt waits for the next time of the schedule (or the receiver's
     * {@code Retry-After}) until the schedule runs out, and then the delivery has failed, as has one
     * whose endpoint answered 410 or went away; a deferred one waits {@code deferFor} without an
     * attempt counted. Whatever comes, the delivery is let go of.
     */
    public Transition after(Outcome outcome, Instant now, DeliveryPolicy policy, RandomGenerator random) {
        int attemptsNow = attempts + (outcome.attempted() ? 1 : 0);
        Integer responseNow = responseStatus;
        List<Attempt> logNow = log;
        Optional<Attempt> attempt = Optional.empty();
        if (outcome.attempted()) {
            Attempt made = new Attempt(now, outcome.latencyMs(), outcome.statusCode(), outcome.error());
            attempt = Optional.of(made);
            responseNow = outcome.statusCode();
            List<Attempt> appended = new ArrayList<>(log);
            appended.add(made);
            logNow = appended.subList(Math.max(0, appended.size() - policy.logSize()), appended.size());
        }
        Status statusNow = status;
        Instant nextNow = nextAttemptAt;
        String errorNow = lastError;
        Instant deliveredNow = deliveredAt;
        Instant failedNow = failedAt;
        Result result;
        switch (outcome.kind()) {
            case DELIVERED -> {
                result = Result.DELIVERED;
                statusNow = Status.DELIVERED;
                deliveredNow = now;
                nextNow = null;
                errorNow = null;
            }
            case DEFERRED -> {
                result = Result.DEFERRED;
                nextNow = now.plus(policy.deferFor());
            }
            default -> {
                boolean retried = outcome.kind() == Outcome.Kind.FAILED || outcome.kind() == Outcome.Kind.REFUSED;
                Optional<Duration> wait = retried
                        ? policy.schedule()
                                .next(attemptsThisRound() + 1, Optional.ofNullable(outcome.retryAfter()), random)
                        : Optional.empty();
                errorNow = outcome.error();
                if (wait.isPresent()) {
                    result = Result.RETRYING;
                    nextNow = now.plus(wait.get());
                } else {
                    result = Result.FAILED;
                    statusNow = Status.FAILED;
                    failedNow = now;
                    nextNow = null;
                }
            }
        }
        Delivery next = with(
                statusNow, attemptsNow, round, nextNow, null, responseNow, errorNow, deliveredNow, failedNow, logNow);
        Optional<DeliveryEvent> event = switch (result) {
            case DELIVERED ->
                Optional.of(new DeliverySucceeded(
                        id,
                        channel(),
                        endpointId().orElse(null),
                        eventId,
                        eventType,
                        contactId,
                        ownerId,
                        attemptsNow,
                        outcome.statusCode(),
                        now));
            case FAILED ->
                Optional.of(new DeliveryFailed(
                        id,
                        channel(),
                        endpointId().orElse(null),
                        eventId,
                        eventType,
                        contactId,
                        ownerId,
                        attemptsNow,
                        outcome.error() == null ? "failed" : outcome.error(),
                        now));
            default -> Optional.empty();
        };
        return new Transition(this, next, result, attempt, event);
    }

    /** This delivery with its state changed, one version on with a new etag. */
    private Delivery with(
            Status newStatus,
            int newAttempts,
            int newRound,
            Instant newNextAttemptAt,
            Instant newLeaseUntil,
            Integer newResponseStatus,
            String newLastError,
            Instant newDeliveredAt,
            Instant newFailedAt,
            List<Attempt> newLog) {
        return new Delivery(
                id,
                destination,
                ownerId,
                contactId,
                eventId,
                eventType,
                newStatus,
                newAttempts,
                newRound,
                newNextAttemptAt,
                newLeaseUntil,
                newResponseStatus,
                newLastError,
                createdAt,
                newDeliveredAt,
                newFailedAt,
                newLog,
                version + 1,
                newEtag());
    }

    private Delivery versioned(long newVersion, String newEtag) {
        return new Delivery(
                id,
                destination,
                ownerId,
                contactId,
                eventId,
                eventType,
                status,
                attempts,
                round,
                nextAttemptAt,
                leaseUntil,
                responseStatus,
                lastError,
                createdAt,
                deliveredAt,
                failedAt,
                log,
                newVersion,
                newEtag);
    }
}
