package com.keepintouch.reminder.library;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.keepintouch.reminder.relationship.OwnerPreferencesSource;
import com.keepintouch.reminder.relationship.domain.OwnerPreferences;
import com.keepintouch.reminder.relationship.domain.Shareable;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The owners' tag cadences and libraries as the rules read them: for a batch of owners, one query
 * of each collection for the owners not cached, then kept for {@code kit.library.preferences-cache-ttl}.
 * A change through this instance drops its owner at once; one through another instance is seen
 * here when the entry expires, so another instance may fold with the old preferences for that long.
 * Of each library, the newest {@code kit.library.shareables-considered} items are read.
 */
@Component
class OwnerPreferencesCache implements OwnerPreferencesSource {

    private final TagCadences cadences;
    private final Shareables shareables;
    private final int shareablesConsidered;
    private final Cache<String, OwnerPreferences> cache;

    OwnerPreferencesCache(TagCadences cadences, Shareables shareables, LibraryProperties properties) {
        this.cadences = cadences;
        this.shareables = shareables;
        this.shareablesConsidered = properties.shareablesConsidered();
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.preferencesCacheTtl())
                .maximumSize(properties.preferencesCacheSize())
                .build();
    }

    @Override
    public Map<String, OwnerPreferences> of(Collection<String> ownerIds) {
        return cache.getAll(Set.copyOf(ownerIds), this::load);
    }

    /** Drops what is kept of {@code ownerId}: its next read reads it again. */
    void changed(String ownerId) {
        cache.invalidate(ownerId);
    }

    private Map<String, OwnerPreferences> load(Set<? extends String> ownerIds) {
        Map<String, Map<String, Integer>> tags = new HashMap<>();
        for (TagCadence cadence : cadences.of(List.copyOf(ownerIds))) {
            tags.computeIfAbsent(cadence.ownerId(), o -> new LinkedHashMap<>()).put(cadence.tag(), cadence.days());
        }
        Map<String, List<Shareable>> libraries = shareables.newest(List.copyOf(ownerIds), shareablesConsidered);
        Map<String, OwnerPreferences> loaded = new HashMap<>();
        for (String ownerId : ownerIds) {
            Map<String, Integer> tagCadences = tags.getOrDefault(ownerId, Map.of());
            List<Shareable> library = libraries.getOrDefault(ownerId, List.of());
            loaded.put(
                    ownerId,
                    tagCadences.isEmpty() && library.isEmpty()
                            ? OwnerPreferences.NONE
                            : new OwnerPreferences(tagCadences, library));
        }
        return loaded;
    }
}
