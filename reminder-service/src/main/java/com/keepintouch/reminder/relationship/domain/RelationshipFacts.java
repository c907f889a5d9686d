package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the rules look at, folded from events. Folding is idempotent and, per contact,
 * order-insensitive where order cannot be guaranteed: a contact version not newer than the
 * stored one is ignored, interactions and snoozes are sets keyed by id, a deleted
 * interaction stays a tombstone, and of a planned touch the version with the newest sequence wins.
 * An erasure keeps only the ids and is terminal: every event after it changes nothing.
 *
 * <p>However long the history, a relationship holds only its newest {@link #WINDOW} touches in
 * full ({@code touchpoints}, with notes and tombstones among them) and a {@link TouchSummary} of
 * all older ones ({@code archived}); the older touchpoints themselves live in a {@link
 * TouchArchive}, which a fold consults only for an event about an interaction older than the window.
 * What a fold moves out of the window is in {@code archiving} until it has been stored in the
 * archive, which happens only once the version that moved it has been stored, so a crash can
 * neither lose a touch nor count one twice.
 *
 * @param contact null until the contact's first event arrives (an interaction may come first)
 * @param planned the touches planned, by id, each in its newest version, in {@link PlannedTouch#ORDER}
 */
public record RelationshipFacts(
        String contactId,
        String ownerId,
        ContactFacts contact,
        List<Touchpoint> touchpoints,
        TouchSummary archived,
        List<Touchpoint> archiving,
        List<Snooze> snoozes,
        List<PlannedTouch> planned) {

    /** Touches kept in full: far more than the rules look back on, few enough to read on every event. */
    public static final int WINDOW = 64;

    /**
     * Planned touches kept: those planned latest, which are the ones that can hold a due date back.
     * A calendar plans a handful of meetings with one contact at a time; a recurring series beyond
     * this many is remembered by its latest occurrences.
     */
    public static final int PLANS_KEPT = 16;

    public RelationshipFacts {
        touchpoints = List.copyOf(touchpoints);
        archiving = List.copyOf(archiving);
        snoozes = List.copyOf(snoozes);
        planned = List.copyOf(planned);
    }

    public RelationshipFacts(
            String contactId,
            String ownerId,
            ContactFacts contact,
            List<Touchpoint> touchpoints,
            List<Snooze> snoozes) {
        this(contactId, ownerId, contact, touchpoints, TouchSummary.EMPTY, List.of(), snoozes, List.of());
    }

    public static RelationshipFacts empty(String contactId, String ownerId) {
        return new RelationshipFacts(contactId, ownerId, null, List.of(), List.of());
    }

    /** The event folded in, for a relationship whose archive holds nothing older than its window. */
    public RelationshipFacts with(RelationshipEvent event) {
        return with(event, TouchArchive.NONE, WINDOW);
    }

    public RelationshipFacts with(RelationshipEvent event, TouchArchive archive) {
        return with(event, archive, WINDOW);
    }

    RelationshipFacts with(RelationshipEvent event, TouchArchive archive, int window) {
        if (erased()) {
            return this; // terminal: no later or replayed event brings anything back
        }
        if (event instanceof RelationshipEvent.ContactErased erasure) {
            return new RelationshipFacts(
                    contactId,
                    ownerId,
                    ContactFacts.erasedAt(erasure.version()),
                    List.of(),
                    TouchSummary.EMPTY,
                    List.of(),
                    List.of(),
                    List.of());
        }
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
            return withTouchpoint(recorded.touchpoint(), archive, window);
        }
        if (event instanceof RelationshipEvent.InteractionDeleted deleted) {
            return withoutTouchpoint(deleted.interactionId(), archive);
        }
        if (event instanceof RelationshipEvent.TouchPlanned plannedTouch) {
            return withPlanned(plannedTouch.planned());
        }
        return withSnooze(((RelationshipEvent.Snoozed) event).snooze());
    }

    /** Whether the person was erased: then these facts hold nothing but the ids, and never change again. */
    public boolean erased() {
        return contact != null && contact.erased();
    }

    /** The same facts once {@code archiving} is in the archive. */
    public RelationshipFacts withArchivingStored() {
        return archiving.isEmpty()
                ? this
                : new RelationshipFacts(
                        contactId, ownerId, contact, touchpoints, archived, List.of(), snoozes, planned);
    }

    private RelationshipFacts withContact(ContactFacts newer) {
        if (contact != null && contact.version() >= newer.version()) {
            return this;
        }
        return new RelationshipFacts(contactId, ownerId, newer, touchpoints, archived, archiving, snoozes, planned);
    }

    private RelationshipFacts withTouchpoint(Touchpoint touchpoint, TouchArchive archive, int window) {
        if (touchpoints.stream().anyMatch(t -> t.id().equals(touchpoint.id()))
                || archiving.stream().anyMatch(t -> t.id().equals(touchpoint.id()))
                || (mayBeArchived(touchpoint) && archive.find(touchpoint.id()).isPresent())) {
            return this;
        }
        if (!touchpoint.isTouch() || archived.precedes(touchpoint)) {
            List<Touchpoint> more = new ArrayList<>(touchpoints);
            more.add(touchpoint);
            return trimmed(more, window);
        }
        // older than the newest archived touch: it belongs to the archive, whose summary is redone
        return rearchived(touchpoint, archive);
    }

    private RelationshipFacts withoutTouchpoint(String interactionId, TouchArchive archive) {
        Optional<Touchpoint> kept =
                touchpoints.stream().filter(t -> t.id().equals(interactionId)).findFirst();
        if (kept.isPresent()) {
            if (kept.get().deleted()) {
                return this;
            }
            List<Touchpoint> rest = new ArrayList<>(touchpoints);
            rest.set(rest.indexOf(kept.get()), kept.get().asDeleted());
            return new RelationshipFacts(contactId, ownerId, contact, rest, archived, archiving, snoozes, planned);
        }
        Optional<Touchpoint> old = archivedTouchpoint(interactionId, archive);
        if (old.isPresent()) {
            return old.get().deleted() ? this : rearchived(old.get().asDeleted(), archive);
        }
        List<Touchpoint> more = new ArrayList<>(touchpoints);
        more.add(Touchpoint.tombstone(interactionId)); // a late recording of it changes nothing
        return new RelationshipFacts(contactId, ownerId, contact, more, archived, archiving, snoozes, planned);
    }

    /** Moves the oldest touchpoints out of the window while it holds more than {@code window} touches. */
    private RelationshipFacts trimmed(List<Touchpoint> window, int size) {
        List<Touchpoint> kept = new ArrayList<>(window);
        List<Touchpoint> moved = new ArrayList<>(archiving);
        TouchSummary summary = archived;
        while (kept.stream().filter(Touchpoint::isTouch).count() > size) {
            Touchpoint oldest = kept.stream()
                    .filter(t -> t.occurredAt() != null)
                    .min(TouchSummary.ORDER)
                    .orElseThrow();
            kept.remove(oldest);
            moved.add(oldest);
            if (oldest.isTouch()) {
                summary = summary.then(TouchSummary.of(List.of(oldest)));
            }
        }
        return new RelationshipFacts(contactId, ownerId, contact, kept, summary, moved, snoozes, planned);
    }

    /** Puts {@code changed} into the archive and summarises the whole archive again. */
    private RelationshipFacts rearchived(Touchpoint changed, TouchArchive archive) {
        Map<String, Touchpoint> all = new LinkedHashMap<>();
        archive.all().forEach(t -> all.put(t.id(), t));
        archiving.forEach(t -> all.put(t.id(), t));
        all.put(changed.id(), changed);
        List<Touchpoint> moved = new ArrayList<>(archiving);
        moved.removeIf(t -> t.id().equals(changed.id()));
        moved.add(changed);
        TouchSummary summary = TouchSummary.of(all.values().stream()
                .filter(Touchpoint::isTouch)
                .sorted(TouchSummary.ORDER)
                .toList());
        return new RelationshipFacts(contactId, ownerId, contact, touchpoints, summary, moved, snoozes, planned);
    }

    private RelationshipFacts withSnooze(Snooze snooze) {
        if (snoozes.stream().anyMatch(s -> s.id().equals(snooze.id()))) {
            return this;
        }
        List<Snooze> more = new ArrayList<>(snoozes);
        more.add(snooze);
        return new RelationshipFacts(contactId, ownerId, contact, touchpoints, archived, archiving, more, planned);
    }

    /**
     * The newest version of each plan wins (by {@code sequence}); a repeat or an older version
     * changes nothing. Beyond {@link #PLANS_KEPT}, the plans planned earliest are forgotten, so a
     * repeat of a forgotten one is forgotten again at once.
     */
    private RelationshipFacts withPlanned(PlannedTouch plan) {
        Optional<PlannedTouch> known =
                planned.stream().filter(p -> p.id().equals(plan.id())).findFirst();
        if (known.isPresent() && known.get().sequence() >= plan.sequence()) {
            return this;
        }
        List<PlannedTouch> more = new ArrayList<>(planned);
        known.ifPresent(more::remove);
        more.add(plan);
        more.sort(PlannedTouch.ORDER);
        if (more.size() > PLANS_KEPT) {
            more.subList(0, more.size() - PLANS_KEPT).clear();
        }
        return more.equals(planned)
                ? this
                : new RelationshipFacts(contactId, ownerId, contact, touchpoints, archived, archiving, snoozes, more);
    }

    /**
     * Whether a recording of {@code touchpoint} could be in the archive already: not if a touch of
     * the window comes before it, as everything archived comes before every touch of the window.
     */
    public boolean mayBeArchived(Touchpoint touchpoint) {
        return touchpoint.occurredAt() == null
                || touches().stream().noneMatch(t -> TouchSummary.ORDER.compare(t, touchpoint) < 0);
    }

    /** Whether the window holds this interaction (a deleted one included). */
    public boolean holds(String interactionId) {
        return touchpoints.stream().anyMatch(t -> t.id().equals(interactionId))
                || archiving.stream().anyMatch(t -> t.id().equals(interactionId));
    }

    /** The touchpoint of this interaction in the window. */
    public Optional<Touchpoint> touchpoint(String id) {
        return touchpoints.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The touchpoint of this interaction, wherever it is kept. */
    public Optional<Touchpoint> touchpoint(String id, TouchArchive archive) {
        Optional<Touchpoint> kept =
                touchpoints.stream().filter(t -> t.id().equals(id)).findFirst();
        return kept.isPresent() ? kept : archivedTouchpoint(id, archive);
    }

    private Optional<Touchpoint> archivedTouchpoint(String id, TouchArchive archive) {
        Optional<Touchpoint> moving =
                archiving.stream().filter(t -> t.id().equals(id)).findFirst();
        return moving.isPresent() ? moving : archive.find(id);
    }

    /** The touches of the window (not deleted, not notes), oldest first. */
    public List<Touchpoint> touches() {
        return touchpoints.stream()
                .filter(Touchpoint::isTouch)
                .sorted(TouchSummary.ORDER)
                .toList();
    }

    /** What the rules read of all touches, archived ones included. */
    public TouchSummary summary() {
        return archived.then(TouchSummary.of(touches()));
    }

    /** The summary of the touches up to and including {@code touch}, which is in the window. */
    public TouchSummary summaryThrough(Touchpoint touch) {
        List<Touchpoint> touches = touches();
        int end = touches.indexOf(touch);
        return end < 0 ? summary() : archived.then(TouchSummary.of(touches.subList(0, end + 1)));
    }

    /**
     * Until when the recruiter asked to hear nothing: the latest end of any snooze. A snooze never
     * brings a due date forward, not even one shorter than an earlier snooze.
     */
    public Optional<Instant> snoozedUntil() {
        return snoozes.stream().map(Snooze::until).max(Comparator.naturalOrder());
    }

    /**
     * The latest planned touch that still stands (not cancelled), ahead or passed: no touch is due
     * before it. Like a snooze, a plan only ever moves a due date later.
     */
    public Optional<PlannedTouch> latestPlan() {
        return planned.stream().filter(p -> !p.cancelled()).max(PlannedTouch.ORDER);
    }

    /** The next planned touch after {@code now} that still stands, if any. */
    public Optional<PlannedTouch> nextPlan(Instant now) {
        return planned.stream()
                .filter(p -> !p.cancelled() && p.plannedFor().isAfter(now))
                .min(PlannedTouch.ORDER);
    }
}
