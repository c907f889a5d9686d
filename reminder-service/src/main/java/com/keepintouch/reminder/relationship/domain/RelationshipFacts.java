package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything the rules look at, folded from events. Folding is idempotent and, per contact,
 * order-insensitive where order cannot be guaranteed: a contact version not newer than the
 * stored one is ignored, interactions and snoozes are sets keyed by id, and a deleted
 * interaction stays a tombstone.
 *
 * @param contact null until the contact's first event arrives (an interaction may come first)
 */
public record RelationshipFacts(
        String contactId, String ownerId, ContactFacts contact, List<Touchpoint> touchpoints, List<Snooze> snoozes) {

    public RelationshipFacts {
        touchpoints = List.copyOf(touchpoints);
        snoozes = List.copyOf(snoozes);
    }

    public static RelationshipFacts empty(String contactId, String ownerId) {
        return new RelationshipFacts(contactId, ownerId, null, List.of(), List.of());
    }

    public RelationshipFacts with(RelationshipEvent event) {
        if (event instanceof RelationshipEvent.ContactChanged changed) {
            return withContact(changed.contact());
        }
        if (event instanceof RelationshipEvent.ContactDeleted deleted) {
            return withContact(
                    contact == null
                            ? ContactFacts.onlyDeleted(deleted.version())
                            : contact.deletedAt(deleted.version()));
        }
        if (event instanceof RelationshipEvent.InteractionRecorded recorded) {
            return withTouchpoint(recorded.touchpoint());
        }
        if (event instanceof RelationshipEvent.InteractionDeleted deleted) {
            return withoutTouchpoint(deleted.interactionId());
        }
        return withSnooze(((RelationshipEvent.Snoozed) event).snooze());
    }

    private RelationshipFacts withContact(ContactFacts newer) {
        if (contact != null && contact.version() >= newer.version()) {
            return this;
        }
        return new RelationshipFacts(contactId, ownerId, newer, touchpoints, snoozes);
    }

    private RelationshipFacts withTouchpoint(Touchpoint touchpoint) {
        if (touchpoint(touchpoint.id()).isPresent()) {
            return this;
        }
        List<Touchpoint> more = new ArrayList<>(touchpoints);
        more.add(touchpoint);
        return new RelationshipFacts(contactId, ownerId, contact, more, snoozes);
    }

    private RelationshipFacts withoutTouchpoint(String interactionId) {
        Optional<Touchpoint> known = touchpoint(interactionId);
        if (known.isPresent() && known.get().deleted()) {
            return this;
        }
        List<Touchpoint> rest = new ArrayList<>(touchpoints);
        known.ifPresent(rest::remove);
        rest.add(known.map(t -> new Touchpoint(t.id(), t.occurredAt(), t.type(), t.direction(), true))
                .orElse(Touchpoint.tombstone(interactionId)));
        return new RelationshipFacts(contactId, ownerId, contact, rest, snoozes);
    }

    private RelationshipFacts withSnooze(Snooze snooze) {
        if (snoozes.stream().anyMatch(s -> s.id().equals(snooze.id()))) {
            return this;
        }
        List<Snooze> more = new ArrayList<>(snoozes);
        more.add(snooze);
        return new RelationshipFacts(contactId, ownerId, contact, touchpoints, more);
    }

    public Optional<Touchpoint> touchpoint(String id) {
        return touchpoints.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Touches that count (not deleted, not notes), oldest first; ties broken by id so every replica agrees. */
    public List<Touchpoint> touches() {
        return touchpoints.stream()
                .filter(Touchpoint::isTouch)
                .sorted(Comparator.comparing(Touchpoint::occurredAt).thenComparing(Touchpoint::id))
                .toList();
    }

    /**
     * Until when the recruiter asked to hear nothing: the latest end of any snooze. A snooze never
     * brings a due date forward, not even one shorter than an earlier snooze.
     */
    public Optional<Instant> snoozedUntil() {
        return snoozes.stream().map(Snooze::until).max(Comparator.naturalOrder());
    }
}
