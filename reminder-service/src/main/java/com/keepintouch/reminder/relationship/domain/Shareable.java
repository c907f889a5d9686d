package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.List;

/**
 * An item of an owner's library of things worth sharing.
 *
 * @param topics as the owner wrote them; matched case-insensitively against a contact's tags,
 *     company and title
 */
public record Shareable(String id, String ownerId, String url, String title, List<String> topics, Instant createdAt) {

    public Shareable {
        topics = List.copyOf(topics);
    }
}
