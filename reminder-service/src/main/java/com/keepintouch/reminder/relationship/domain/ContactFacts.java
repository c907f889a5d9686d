package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.List;

/**
 * What this service knows of a contact, as of contact-service's {@code version} (the event sequence).
 * A deleted contact may be known only by its deletion, so every other field may be null then. An
 * erased contact is known only as erased: it keeps nothing personal, and nothing brings it back.
 *
 * @param tags as contact-service holds them; never null
 * @param company may be null
 * @param title the contact's job title; may be null
 * @param erased whether the person was erased (then also deleted, and every other field null)
 */
public record ContactFacts(
        String name,
        Tier tier,
        Integer cadenceDays,
        ContactStatus status,
        Instant metAt,
        Instant createdAt,
        boolean deleted,
        long version,
        List<String> tags,
        String company,
        String title,
        boolean erased) {

    public ContactFacts {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public ContactFacts(
            String name,
            Tier tier,
            Integer cadenceDays,
            ContactStatus status,
            Instant metAt,
            Instant createdAt,
            boolean deleted,
            long version,
            List<String> tags,
            String company,
            String title) {
        this(name, tier, cadenceDays, status, metAt, createdAt, deleted, version, tags, company, title, false);
    }

    public ContactFacts(
            String name,
            Tier tier,
            Integer cadenceDays,
            ContactStatus status,
            Instant metAt,
            Instant createdAt,
            boolean deleted,
            long version) {
        this(name, tier, cadenceDays, status, metAt, createdAt, deleted, version, List.of(), null, null);
    }

    /** The same contact, deleted, as of {@code version}. */
    public ContactFacts deletedAt(long version) {
        return new ContactFacts(name, tier, cadenceDays, status, metAt, createdAt, true, version, tags, company, title);
    }

    /** An erased contact: deleted, and nothing else known of it. */
    public static ContactFacts erasedAt(long version) {
        return new ContactFacts(null, null, null, null, null, null, true, version, List.of(), null, null, true);
    }

    public static ContactFacts onlyDeleted(long version) {
        return new ContactFacts(null, null, null, null, null, null, true, version);
    }

    public String displayName() {
        return name == null || name.isBlank() ? "this contact" : name;
    }
}
