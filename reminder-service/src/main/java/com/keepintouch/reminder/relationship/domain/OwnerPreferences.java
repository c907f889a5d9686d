package com.keepintouch.reminder.relationship.domain;

import java.util.List;
import java.util.Map;

/**
 * What an owner set up that the rules read besides a relationship's own facts.
 *
 * @param tagCadences days per tag, keyed by the tag in lower case (Locale.ROOT)
 * @param shareables the owner's library, newest first
 */
public record OwnerPreferences(Map<String, Integer> tagCadences, List<Shareable> shareables) {

    public static final OwnerPreferences NONE = new OwnerPreferences(Map.of(), List.of());

    public OwnerPreferences {
        tagCadences = Map.copyOf(tagCadences);
        shareables = List.copyOf(shareables);
    }
}
