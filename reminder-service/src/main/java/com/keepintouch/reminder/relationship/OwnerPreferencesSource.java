package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.OwnerPreferences;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The owners' tag cadences and libraries, as the rules read them. The library package provides
 * it; without one, every owner has set nothing up.
 */
public interface OwnerPreferencesSource {

    /** What each of {@code ownerIds} set up; an owner who set nothing up maps to {@link OwnerPreferences#NONE}. */
    Map<String, OwnerPreferences> of(Collection<String> ownerIds);

    default OwnerPreferences of(String ownerId) {
        return of(java.util.List.of(ownerId)).getOrDefault(ownerId, OwnerPreferences.NONE);
    }

    static OwnerPreferencesSource none() {
        return ownerIds -> {
            Map<String, OwnerPreferences> none = new HashMap<>();
            ownerIds.forEach(id -> none.put(id, OwnerPreferences.NONE));
            return none;
        };
    }
}
