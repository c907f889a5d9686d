package com.keepintouch.notifier.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A webhook endpoint: where an owner's (or, firm-wide, every owner's) events are sent, which types,
 * and its health. Its secrets are kept sealed; {@link EndpointCache} holds them opened for signing.
 */
public record Endpoint(
        String id,
        String ownerId,
        boolean firmWide,
        URI url,
        String description,
        Set<String> eventTypes,
        boolean enabled,
        String disabledReason,
        String disabledDetail,
        Instant disabledAt,
        Instant failingSince,
        List<Secret> secrets,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Endpoint {
        eventTypes = Set.copyOf(eventTypes);
        secrets = List.copyOf(secrets);
    }

    /** A signing secret, sealed, and until when it signs (null: until the next rotation). */
    public record Secret(String sealed, Instant createdAt, Instant expiresAt) {

        boolean signsAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    /** Whether an event of {@code type} about {@code eventOwnerId} is sent here. */
    public boolean receives(String eventOwnerId, String type) {
        return enabled
                && (firmWide || ownerId.equals(eventOwnerId))
                && (eventTypes.isEmpty() || eventTypes.contains(type));
    }

    /** The secrets that sign at {@code now}, newest first. */
    List<Secret> signingSecrets(Instant now) {
        return secrets.stream()
                .filter(s -> s.signsAt(now))
                .sorted(Comparator.comparing(Secret::createdAt).reversed())
                .toList();
    }
}
