package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/**
 * What this service knows of a contact, as of contact-service's {@code version} (the event sequence).
 * A deleted contact may be known only by its deletion, so every other field may be null then.
 */
public record ContactFacts(
        String name,
        Tier tier,
        Integer cadenceDays,
        ContactStatus status,
        Instant metAt,
        Instant createdAt,
        boolean deleted,
        long version) {

    /** The same contact, deleted, as of {@code version}. */
    public ContactFacts deletedAt(long version) {
        return new ContactFacts(name, tier, cadenceDays, status, metAt, createdAt, true, version);
    }

    public static ContactFacts onlyDeleted(long version) {
        return new ContactFacts(null, null, null, null, null, null, true, version);
    }

    String displayName() {
        return name == null || name.isBlank() ? "this contact" : name;
    }
}
