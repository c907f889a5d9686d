package com.keepintouch.reminder.library;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.reminder.library.LibraryRules.ShareableDraft;
import com.keepintouch.reminder.relationship.RelationshipManagement;
import com.keepintouch.reminder.relationship.domain.Shareable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Keeps the owners' libraries and tag cadences. A change of a tag cadence reassesses at once the
 * owner's relationships whose contact has that tag, so their due dates and events follow it.
 */
@Service
class LibraryManagement {

    private static final Logger log = LoggerFactory.getLogger(LibraryManagement.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The form of every shareable id ({@code sh_} + epoch millis + random, in hex). */
    static final Pattern ID_FORM = Pattern.compile("sh_[0-9a-f]{24}");

    private final Shareables shareables;
    private final TagCadences cadences;
    private final OwnerPreferencesCache preferences;
    private final RelationshipManagement relationships;
    private final Clock clock;

    LibraryManagement(
            Shareables shareables,
            TagCadences cadences,
            OwnerPreferencesCache preferences,
            RelationshipManagement relationships,
            Clock clock) {
        this.shareables = shareables;
        this.cadences = cadences;
        this.preferences = preferences;
        this.relationships = relationships;
        this.clock = clock;
    }

    /** Adds an item to the library of {@code ownerId}; the owner's same url twice is a conflict naming the first. */
    Shareable add(String ownerId, ShareableDraft request) {
        List<Violation> violations = LibraryRules.check(request);
        if (!violations.isEmpty()) {
            throw RequestRefused.invalid(violations);
        }
        ShareableDraft draft = request.normalized();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Shareable shareable = new Shareable(nextId(now), ownerId, draft.url(), draft.title(), draft.topics(), now);
        Optional<String> existing = shareables.insert(shareable);
        if (existing.isPresent()) {
            throw RequestRefused.conflict(
                    "This url is already in your library as " + existing.get(), Map.of("existingId", existing.get()));
        }
        preferences.changed(ownerId);
        log.info(
                "Shareable added shareableId={} ownerId={} topics={}",
                shareable.id(),
                ownerId,
                shareable.topics().size());
        return shareable;
    }

    /** The {@link PageRequest#fetchSize()} items of a page of the owner's library, newest first. */
    List<Shareable> list(String ownerId, PageRequest page) {
        return shareables.list(ownerId, page);
    }

    /** An item the caller may read: their own, or any for ops and admin; otherwise not found. */
    Shareable get(Caller caller, String id) {
        return shareables
                .find(id)
                .filter(s -> caller.mayAccess(s.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Shareable", id));
    }

    /** Deletes one of the caller's items (any owner's, for an admin); another owner's is not found. */
    void delete(Caller caller, String id) {
        Shareable shareable = shareables
                .find(id)
                .filter(s -> caller.mayAccess(s.ownerId()))
                .orElseThrow(() -> RequestRefused.notFound("Shareable", id));
        if (!shareables.delete(shareable.ownerId(), id)) {
            throw RequestRefused.notFound("Shareable", id);
        }
        preferences.changed(shareable.ownerId());
        log.info("Shareable deleted shareableId={} ownerId={}", id, shareable.ownerId());
    }

    /** What a change of a tag cadence did: the cadence, and how many relationships follow it now. */
    record CadenceChange(TagCadence cadence, int relationships) {}

    /** Sets the owner's cadence for the contacts with {@code tag} (any case), and reassesses them. */
    CadenceChange putTagCadence(String ownerId, String tag, Integer days) {
        List<Violation> violations = LibraryRules.checkCadence(tag, days);
        if (!violations.isEmpty()) {
            throw RequestRefused.invalid(violations);
        }
        TagCadence cadence = new TagCadence(
                ownerId,
                LibraryRules.tagKey(tag),
                tag.strip(),
                days,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        cadences.put(cadence);
        int reassessed = reassessTagged(ownerId, cadence.tag());
        log.info(
                "Tag cadence set ownerId={} tag={} days={} relationships={}", ownerId, cadence.tag(), days, reassessed);
        return new CadenceChange(cadence, reassessed);
    }

    /** The owner's tag cadences, in tag order. */
    List<TagCadence> tagCadences(String ownerId) {
        return cadences.of(ownerId);
    }

    /** Removes the owner's cadence for {@code tag} (any case); the contacts with it go back to their own. */
    int deleteTagCadence(String ownerId, String tag) {
        if (tag == null || tag.isBlank() || !cadences.delete(ownerId, LibraryRules.tagKey(tag))) {
            throw RequestRefused.notFound("Tag cadence", tag);
        }
        int reassessed = reassessTagged(ownerId, LibraryRules.tagKey(tag));
        log.info(
                "Tag cadence removed ownerId={} tag={} relationships={}",
                ownerId,
                LibraryRules.tagKey(tag),
                reassessed);
        return reassessed;
    }

    private int reassessTagged(String ownerId, String tagKey) {
        preferences.changed(ownerId);
        List<String> tagged = relationships.contactsTagged(ownerId, tagKey);
        relationships.reassessOwner(ownerId, tagged);
        return tagged.size();
    }

    /** Time-ordered ids, so ties in createdAt page stably. */
    private static String nextId(Instant now) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "sh_" + String.format("%012x", now.toEpochMilli())
                + HexFormat.of().formatHex(random);
    }
}
