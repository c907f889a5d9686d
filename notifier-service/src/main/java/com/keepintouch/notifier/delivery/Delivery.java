package com.keepintouch.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One message to one destination (a webhook endpoint, or an email to one person), and every
 * attempt to get it there. It is stored before its first attempt, so a crash never loses it; its id
 * is derived from the message and the destination, so a message read twice is delivered once.
 *
 * @param ownerId whose delivery it is: the endpoint's owner, or the email's recipient
 * @param attempts every attempt made
 * @param round the attempts made before the last retry by hand; the retry schedule counts from it
 * @param version counts changes: the {@code sequence} of its events
 * @param etag replaced on every change; every change is a compare-and-set on the id and it
 */
public record Delivery(
        String id,
        Channel channel,
        String endpointId,
        String ownerId,
        String contactId,
        String messageId,
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
        Email email,
        long version,
        String etag) {

    public enum Channel {
        WEBHOOK,
        EMAIL
    }

    public enum Status {
        PENDING,
        DELIVERED,
        FAILED
    }

    public Delivery {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** One attempt: when, how long, what came back. */
    public record Attempt(Instant at, long latencyMs, Integer statusCode, String error) {}

    /** An email, rendered when the delivery was created. */
    public record Email(String to, String subject, String text, String html, String messageIdHeader) {}

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
                idOf(messageId, "webhook:" + endpointId),
                Channel.WEBHOOK,
                endpointId,
                endpointOwner,
                contactId,
                messageId,
                eventId,
                eventType,
                null,
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
            Email email,
            Instant now,
            Instant leaseUntil) {
        return pending(
                idOf(key, "email:" + recipientOwner),
                Channel.EMAIL,
                null,
                recipientOwner,
                contactId,
                null,
                eventId,
                eventType,
                email,
                now,
                leaseUntil);
    }

    private static Delivery pending(
            String id,
            Channel channel,
            String endpointId,
            String ownerId,
            String contactId,
            String messageId,
            String eventId,
            String eventType,
            Email email,
            Instant now,
            Instant leaseUntil) {
        return new Delivery(
                id,
                channel,
                endpointId,
                ownerId,
                contactId,
                messageId,
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
                email,
                1,
                newEtag());
    }

    /** {@code dl_} and 24 hex digits of SHA-256 of what was sent and where: the same on every redelivery. */
    static String idOf(String what, String where) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest((what + "|" + where).getBytes(StandardCharsets.UTF_8));
            return "dl_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A fresh compare-and-set token. */
    static String newEtag() {
        return java.util.UUID.randomUUID().toString();
    }

    /** Attempts made in the current round: what the retry schedule counts. */
    public int attemptsThisRound() {
        return attempts - round;
    }

    /** This new delivery, held until {@code until} (not yet stored). */
    Delivery heldUntil(Instant until) {
        return held(until, version, etag);
    }

    /** This delivery as a claim changes it: held until {@code until}, one version on. */
    Delivery claimed(Instant until) {
        return held(until, version + 1, newEtag());
    }

    private Delivery held(Instant until, long newVersion, String newEtag) {
        return new Delivery(
                id,
                channel,
                endpointId,
                ownerId,
                contactId,
                messageId,
                eventId,
                eventType,
                status,
                attempts,
                round,
                nextAttemptAt,
                until,
                responseStatus,
                lastError,
                createdAt,
                deliveredAt,
                failedAt,
                log,
                email,
                newVersion,
                newEtag);
    }
}
