package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.personal.ErasureConfirmations;
import com.keepintouch.platform.personal.PersonErasedException;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.tracing.TraceContexts;
import com.keepintouch.reminder.relationship.Relationships.Change;
import com.keepintouch.reminder.relationship.Relationships.ListingKeys;
import com.keepintouch.reminder.relationship.Relationships.Sort;
import com.keepintouch.reminder.relationship.Relationships.Stored;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.CadenceAdaptation;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.OwnerPreferences;
import com.keepintouch.reminder.relationship.domain.Reciprocity;
import com.keepintouch.reminder.relationship.domain.Relationship;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipRules;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.Snooze;
import com.keepintouch.reminder.relationship.domain.SnoozeRules;
import com.keepintouch.reminder.relationship.domain.Strength;
import com.keepintouch.reminder.relationship.domain.Suggestion;
import com.keepintouch.reminder.relationship.domain.Tags;
import com.keepintouch.reminder.relationship.domain.TouchArchive;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import com.keepintouch.reminder.relationship.domain.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Keeps every relationship's state: folds events into it, reassesses it as time passes, and stages
 * each transition in the same write as the state that causes it.
 *
 * <p>A transition caused by an event read in a batch continues that event's trace (a span per
 * relationship that transitions), so its event, and the webhook the notifier sends for it, are
 * found under the trace of the API call that started it.
 */
@Service
public class RelationshipManagement {

    private static final Logger log = LoggerFactory.getLogger(RelationshipManagement.class);

    /** Writers of one relationship rarely collide; this many lost races in a row means something is wrong. */
    private static final int MAX_ATTEMPTS = 10;

    static final String TOPIC = "relationships.v1";

    private final Relationships relationships;
    private final ArchivedTouches archivedTouches;
    private final Agenda agenda;
    private final RelationshipRules rules;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final OutboxSource source;
    private final Clock clock;
    private final boolean emitTransitions;
    private final Counter folded;
    private final MeterRegistry meters;
    private final TraceContexts traces;
    private final OwnerPreferencesSource preferences;
    private final ErasureConfirmations confirmations;

    RelationshipManagement(
            Relationships relationships,
            ArchivedTouches archivedTouches,
            Agenda agenda,
            Outbox outbox,
            OutboxRelay relay,
            OutboxSource relationshipsOutbox,
            Clock clock,
            ReminderProperties properties,
            MeterRegistry meters,
            TraceContexts traces,
            ObjectProvider<OwnerPreferencesSource> preferences,
            ErasureConfirmations confirmations) {
        this.relationships = relationships;
        this.confirmations = confirmations;
        this.archivedTouches = archivedTouches;
        this.agenda = agenda;
        this.rules = new RelationshipRules(properties.settings());
        this.outbox = outbox;
        this.relay = relay;
        this.source = relationshipsOutbox;
        this.clock = clock;
        this.emitTransitions = properties.emitTransitions();
        this.meters = meters;
        this.traces = traces;
        this.preferences = preferences.getIfAvailable(OwnerPreferencesSource::none);
        this.folded = Counter.builder("kit.reminder.events.folded")
                .description("Events folded into relationship state")
                .register(meters);
    }

    /**
     * One inbound event, addressed to the relationship it concerns.
     *
     * @param traceparent the trace context of the record it came in, null without one
     */
    public record Addressed(String contactId, String ownerId, RelationshipEvent event, String traceparent) {

        public Addressed(String contactId, String ownerId, RelationshipEvent event) {
            this(contactId, ownerId, event, null);
        }

        Addressed causedBy(String traceparent) {
            return new Addressed(contactId, ownerId, event, traceparent);
        }
    }

    /** Folds events (in the order they were read; per contact that is the order they happened). */
    public void fold(List<Addressed> events) {
        Map<String, List<RelationshipEvent>> byContact = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        Map<String, String> causes = new HashMap<>();
        for (Addressed addressed : events) {
            byContact
                    .computeIfAbsent(addressed.contactId(), c -> new ArrayList<>())
                    .add(addressed.event());
            owners.putIfAbsent(addressed.contactId(), addressed.ownerId());
            if (addressed.traceparent() != null) {
                causes.put(addressed.contactId(), addressed.traceparent()); // the latest event's trace
            }
        }
        apply(byContact, owners, causes);
        Map<String, Addressed> erasures = new LinkedHashMap<>(); // once per contact and erasure
        for (Addressed addressed : events) {
            if (addressed.event() instanceof RelationshipEvent.ContactErased erasure) {
                erasures.merge(addressed.contactId() + " " + erasure.erasureId(), addressed, (first, again) -> first);
            }
        }
        for (Addressed addressed : erasures.values()) {
            erased(
                    addressed.contactId(),
                    addressed.ownerId(),
                    ((RelationshipEvent.ContactErased) addressed.event()).erasureId());
        }
        folded.increment(events.size());
    }

    /**
     * What follows an erasure once the erased relationship is stored: its archived touches go, and
     * the erasure it was asked by is confirmed (not by a rebuilding instance, which announces
     * nothing). A redelivery does it all again; a repeated confirmation is ignored by its reader.
     */
    private void erased(String contactId, String ownerId, String erasureId) {
        relationships.countRemovedArchive(contactId, archivedTouches.erase(contactId));
        if (erasureId == null) {
            log.info("Relationship erased, its key being gone contactId={}", contactId);
            return;
        }
        if (!emitTransitions) {
            log.info(
                    "Relationship erased, not confirmed (transitions off) contactId={} erasureId={}",
                    contactId,
                    erasureId);
            return;
        }
        Map<String, Integer> removed = relationships.removed(contactId);
        confirmations.confirm(erasureId, contactId, ownerId, removed);
        log.info(
                "Relationship erased and confirmed contactId={} erasureId={} removed={}",
                contactId,
                erasureId,
                removed);
    }

    /** Looks again at relationships whose time has come; returns how many transitions that caused. */
    int reassess(Collection<String> contactIds) {
        Map<String, List<RelationshipEvent>> none = new LinkedHashMap<>();
        contactIds.forEach(id -> none.put(id, List.of()));
        return apply(none, Map.of(), Map.of());
    }

    /**
     * Looks again, now, at relationships of {@code ownerId} whose owner's preferences changed (a tag's
     * cadence, say), with the preferences as they are now, announcing what that changes as the sweep
     * does. A relationship of another owner among {@code contactIds} is left alone.
     */
    public void reassessOwner(String ownerId, Collection<String> contactIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(contactIds));
        for (int i = 0; i < ids.size(); i += DueSweep.BATCH) {
            Map<String, List<RelationshipEvent>> none = new LinkedHashMap<>();
            Map<String, String> owners = new HashMap<>();
            for (String id : ids.subList(i, Math.min(ids.size(), i + DueSweep.BATCH))) {
                none.put(id, List.of());
                owners.put(id, ownerId);
            }
            int transitions = apply(none, owners, Map.of());
            log.info(
                    "Relationships reassessed for new preferences ownerId={} relationships={} transitions={}",
                    ownerId,
                    none.size(),
                    transitions);
        }
    }

    /** The state of a stored relationship at {@code now}, with its owner's preferences; for the API. */
    Assessment assess(Stored stored, Instant now) {
        Relationship relationship = stored.relationship();
        return relationship
                .assess(now, rules, preferences.of(relationship.facts().ownerId()))
                .orElseThrow(() -> new IllegalStateException(
                        "relationship " + relationship.contactId() + " has no contact to assess"));
    }

    /** The owner's listed relationships whose contact has {@code tag} (any case) among its tags. */
    public List<String> contactsTagged(String ownerId, String tag) {
        return relationships.contactsTagged(ownerId, Tags.key(tag));
    }

    /**
     * Snoozes the caller's relationship for {@code days} or until {@code until} ({@link SnoozeRules});
     * another owner's is 403 for those who may read it (ops), else not found.
     */
    Stored snooze(Caller caller, String contactId, Instant until, Integer days) {
        Stored stored = readable(caller, contactId);
        if (!caller.mayAccess(stored.relationship().facts().ownerId())) {
            throw RequestRefused.forbidden(
                    "You may read the relationship with " + contactId + " but not snooze it: it is another owner's");
        }
        Instant now = clock.instant();
        List<Violation> violations = SnoozeRules.check(until, days, now);
        if (!violations.isEmpty()) {
            throw RequestRefused.invalid(violations);
        }
        return snooze(stored, SnoozeRules.end(until, days, now));
    }

    private Stored snooze(Stored relationship, Instant until) {
        Snooze snooze = new Snooze(
                java.util.UUID.randomUUID().toString(),
                until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        String contactId = relationship.relationship().contactId();
        apply(
                Map.of(contactId, List.of(new RelationshipEvent.Snoozed(snooze, true))),
                Map.of(contactId, relationship.relationship().facts().ownerId()),
                Map.of());
        return relationships
                .find(contactId)
                .filter(s -> !s.relationship().erased()) // erased meanwhile: it is no one's any more
                .orElseThrow(() -> RequestRefused.notFound("relationship", contactId));
    }

    /** A relationship the caller may read: their own, or any for ops and admin; otherwise not found. */
    Stored readable(Caller caller, String contactId) {
        return relationships
                .find(contactId)
                .filter(s -> s.relationship().facts().contact() != null)
                .filter(s -> !s.relationship().erased())
                .filter(s -> !s.relationship().facts().contact().deleted())
                .filter(s -> caller.mayAccess(s.relationship().facts().ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("relationship", contactId));
    }

    /**
     * Everything held about one person, for the export: the relationship as stored and its archived
     * touches. Not found when the person was erased, or for a caller who is neither the owner nor an
     * admin; a contact this service knows nothing of yet holds nothing (empty).
     */
    Optional<Held> held(Caller caller, String contactId) {
        Optional<Stored> stored = relationships.find(contactId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Relationship relationship = stored.get().relationship();
        if (relationship.erased() || !caller.mayAccess(relationship.facts().ownerId())) {
            throw RequestRefused.notFound("contact", contactId);
        }
        return Optional.of(new Held(stored.get(), archivedTouches.of(contactId)));
    }

    /** A relationship as stored, with the touches moved out of its window. */
    record Held(Stored stored, List<Touchpoint> archived) {}

    /** The {@link PageRequest#fetchSize()} relationships of a page in {@code sort} order. */
    List<Stored> list(Optional<String> owner, Optional<RelationshipStatus> status, Sort sort, PageRequest page) {
        return relationships.list(owner, status, sort, page);
    }

    /** The warmest, the cooling fastest and the one-way relationships, {@code limit} of each, by the stored keys. */
    Insights insights(Optional<String> owner, int limit) {
        return new Insights(
                relationships.warmest(owner, limit),
                relationships.coolingFastest(owner, limit),
                relationships.oneWay(owner, limit));
    }

    record Insights(List<Stored> warmest, List<Stored> coolingFastest, List<Stored> oneWay) {}

    /** Counts by status of an owner's (or every owner's) listed relationships. */
    Map<RelationshipStatus, Long> countByStatus(Optional<String> owner) {
        return relationships.countByStatus(owner);
    }

    Instant now() {
        return clock.instant();
    }

    RelationshipRules rules() {
        return rules;
    }

    /**
     * @param causes per contact, the trace context of the event that changes it; without one, its
     *     events are staged in the trace in scope (an API call), if any
     */
    private int apply(
            Map<String, List<RelationshipEvent>> byContact, Map<String, String> owners, Map<String, String> causes) {
        Map<String, Span> spans = new HashMap<>();
        try {
            return apply(byContact, owners, causes, spans);
        } finally {
            spans.values().forEach(Span::end);
        }
    }

    private int apply(
            Map<String, List<RelationshipEvent>> byContact,
            Map<String, String> owners,
            Map<String, String> causes,
            Map<String, Span> spans) {
        Set<String> pending = new LinkedHashSet<>(byContact.keySet());
        Set<String> withEvents = new LinkedHashSet<>();
        Map<String, OwnerPreferences> preferencesByOwner = new HashMap<>(); // read once per batch
        Set<String> archivedFor = new HashSet<>();
        int transitions = 0;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IllegalStateException(
                        "gave up after " + MAX_ATTEMPTS + " lost write races on relationships " + pending);
            }
            Instant now = clock.instant();
            Map<String, Stored> loaded = relationships.load(pending);
            // what the stored versions moved out of their windows goes to the archive first: it is counted
            Map<String, List<Touchpoint>> moved = new HashMap<>();
            Map<String, RelationshipFacts> facts = new HashMap<>();
            loaded.forEach((contactId, stored) -> {
                RelationshipFacts f = stored.relationship().facts();
                if (!f.archiving().isEmpty()) {
                    moved.put(contactId, f.archiving());
                }
                if (f.erased() && archivedFor.contains(contactId)) {
                    // archived from the version before, which an erasure replaced meanwhile
                    archivedTouches.erase(contactId);
                }
                facts.put(contactId, f.withArchivingStored());
            });
            archivedTouches.store(moved);
            archivedFor.addAll(moved.keySet());
            Map<String, List<RelationshipEvent>> withEventsOnly = new HashMap<>();
            for (String contactId : pending) {
                List<RelationshipEvent> list = byContact.get(contactId);
                if (!list.isEmpty()) {
                    withEventsOnly.put(contactId, list);
                }
            }
            Map<String, TouchArchive> archives = archivedTouches.forEvents(facts, withEventsOnly);
            Set<String> unread = new LinkedHashSet<>();
            for (String contactId : pending) {
                String owner = loaded.containsKey(contactId)
                        ? loaded.get(contactId).relationship().facts().ownerId()
                        : owners.get(contactId);
                if (owner != null && !preferencesByOwner.containsKey(owner)) {
                    unread.add(owner);
                }
            }
            if (!unread.isEmpty()) {
                preferencesByOwner.putAll(preferences.of(unread));
            }
            List<Change> changes = new ArrayList<>();
            Map<String, Instant> checks = new HashMap<>();
            Set<String> erasedByKey = new HashSet<>(); // found erased while sealing, this attempt
            for (String contactId : pending) {
                Stored before = loaded.get(contactId);
                List<RelationshipEvent> events = byContact.get(contactId);
                if (before == null && events.isEmpty()) {
                    continue;
                }
                String expectedOwner = owners.get(contactId);
                if (before != null
                        && events.isEmpty()
                        && expectedOwner != null
                        && !expectedOwner.equals(before.relationship().facts().ownerId())) {
                    continue; // reassessing one owner's relationships: another's is not theirs to touch
                }
                Relationship relationship = before != null
                        ? before.relationship().withFacts(facts.get(contactId))
                        : Relationship.start(contactId, owners.get(contactId));
                OwnerPreferences owner =
                        preferencesByOwner.getOrDefault(relationship.facts().ownerId(), OwnerPreferences.NONE);
                TouchArchive archive = archives.getOrDefault(contactId, TouchArchive.NONE);
                Relationship.Outcome outcome = relationship.fold(events, now, rules, archive, owner);
                List<StagedEvent> staged = new ArrayList<>();
                long sequence = before == null ? 0 : before.sequence();
                if (emitTransitions && !outcome.transitions().isEmpty()) {
                    try {
                        String cause = causes.get(contactId);
                        String traceparent = cause == null
                                ? null
                                : traces.traceparent(spans.computeIfAbsent(
                                        contactId,
                                        c -> traces.start(cause, "relationship transition", Span.Kind.CONSUMER)));
                        for (Transition transition : outcome.transitions()) {
                            staged.add(stage(outcome.relationship(), transition, sequence + staged.size() + 1)
                                    .causedBy(traceparent));
                        }
                        sequence += staged.size();
                    } catch (PersonErasedException e) {
                        // erased, and the erasure not read yet: nothing is announced of the person again
                        staged.clear();
                        List<RelationshipEvent> erasing = new ArrayList<>(events);
                        erasing.add(new RelationshipEvent.ContactErased(
                                relationship.facts().contact().version(), null));
                        outcome = relationship.fold(erasing, now, rules, archive, owner);
                        erasedByKey.add(contactId);
                    }
                }
                ListingKeys keys = keys(outcome.relationship(), outcome.assessment(), before, owner);
                Instant checkAt = checkAt(outcome.relationship(), outcome.assessment(), now);
                // the listing keys, the agenda and the due date the lists and the calendar feed read
                // move with time and with the owner's preferences, not only with the status
                Instant dueAt = outcome.assessment() == null
                        ? null
                        : outcome.assessment().nextDueAt();
                boolean refreshed = before != null
                        && (!Objects.equals(keys, before.keys())
                                || !Objects.equals(checkAt, before.nextCheckAt())
                                || !Objects.equals(dueAt, before.nextDueAt()));
                if (!outcome.changed() && !refreshed) {
                    continue;
                }
                changes.add(new Change(
                        before,
                        outcome.relationship(),
                        outcome.assessment(),
                        outcome.transitions(),
                        staged,
                        sequence,
                        checkAt,
                        keys));
                if (checkAt != null && (before == null || !checkAt.equals(before.nextCheckAt()))) {
                    checks.put(contactId, checkAt);
                }
            }
            agenda.schedule(checks);
            Set<String> lost = relationships.save(changes);
            for (Change change : changes) {
                if (lost.contains(change.contactId())) {
                    continue;
                }
                if (erasedByKey.contains(change.contactId())) {
                    // the tombstone is stored: the same follow-up as contact.erased (its archive goes),
                    // so nothing of the person waits for an erasure event that may come much later
                    erased(change.contactId(), change.after().facts().ownerId(), null);
                }
                if (!change.events().isEmpty()) {
                    withEvents.add(change.contactId());
                }
                Span span = spans.get(change.contactId());
                try (var scope = span == null ? null : traces.inScope(span)) {
                    for (Transition transition : change.transitions()) {
                        transitions++;
                        meters.counter("kit.reminder.transitions", "type", transition.type())
                                .increment();
                        log.debug(
                                "Relationship transition contactId={} type={} status={}",
                                change.contactId(),
                                transition.type(),
                                transition.state().status());
                    }
                }
            }
            pending = lost;
        }
        if (!withEvents.isEmpty()) {
            relay.enqueue(source, withEvents);
        }
        return transitions;
    }

    /**
     * The score keys of the lists and insights as of {@code state}; the strength right after the last
     * touch, the baseline of cooling, is worked out once per touch and kept.
     */
    private ListingKeys keys(Relationship relationship, Assessment state, Stored before, OwnerPreferences owner) {
        if (state == null) {
            return null;
        }
        int strength = state.strength() == null ? 0 : state.strength().score();
        Instant touchedAt = state.lastTouchAt();
        int afterTouch;
        if (touchedAt == null) {
            afterTouch = strength;
        } else if (before != null
                && before.keys() != null
                && touchedAt.equals(before.keys().touchedAt())) {
            afterTouch = before.keys().strengthAfterTouch();
        } else {
            afterTouch = relationship
                    .assess(touchedAt, rules, owner)
                    .map(Assessment::strength)
                    .map(Strength::score)
                    .orElse(strength);
        }
        return new ListingKeys(
                strength,
                state.reciprocity() == null ? 0 : state.reciprocity().responsiveness(),
                Math.max(0, afterTouch - strength),
                state.reciprocity() != null && state.reciprocity().oneWay(),
                afterTouch,
                touchedAt);
    }

    /**
     * When the sweep looks at the relationship again: when time alone changes its status next, or at
     * its daily refresh of the score keys if that comes first. A deleted contact's is never refreshed.
     */
    private Instant checkAt(Relationship relationship, Assessment state, Instant now) {
        if (state == null) {
            return null;
        }
        ContactFacts contact = relationship.facts().contact();
        Instant refresh =
                contact == null || contact.deleted() ? null : rules.nextRefreshAt(relationship.contactId(), now);
        Instant next = state.nextCheckAt();
        if (refresh == null || next == null) {
            return next == null ? refresh : next;
        }
        return next.isBefore(refresh) ? next : refresh;
    }

    private StagedEvent stage(Relationship relationship, Transition transition, long sequence) {
        String contactId = relationship.contactId();
        String ownerId = relationship.facts().ownerId();
        String name = relationship.facts().contact().name();
        Assessment state = transition.state();
        StateData data = StateData.of(transition.previousStatus(), state);
        Object payload = transition.snooze() == null
                ? new TransitionData(contactId, ownerId, name, state.cycle(), data)
                : new SnoozedData(
                        contactId,
                        ownerId,
                        name,
                        state.cycle(),
                        transition.snooze().id(),
                        transition.snooze().until(),
                        transition.snooze().requestedAt(),
                        data);
        return outbox.event(TOPIC, transition.type(), contactId, ownerId, sequence, payload);
    }

    /** The {@code data} of a transition event (relationships.v1 schemas). */
    record TransitionData(String contactId, String ownerId, String contactName, int cycle, StateData state) {}

    record SnoozedData(
            String contactId,
            String ownerId,
            String contactName,
            int cycle,
            String snoozeId,
            Instant until,
            Instant requestedAt,
            StateData state) {}

    /** relationship-state.schema.json */
    record StateData(
            RelationshipStatus status,
            RelationshipStatus previousStatus,
            int cadenceDays,
            String cadenceSource,
            Instant lastTouchAt,
            Instant nextDueAt,
            Instant overdueAt,
            int unansweredOutreaches,
            int gives,
            int asks,
            RelationshipController.PlannedTouchView plannedTouch,
            List<String> reasons,
            String suggestedAction,
            Strength strength,
            Reciprocity reciprocity,
            Suggestion suggestion,
            String cadenceTag,
            CadenceAdaptation cadenceAdaptation) {

        static StateData of(RelationshipStatus previous, Assessment state) {
            return new StateData(
                    state.status(),
                    previous,
                    state.cadence().days(),
                    state.cadence().source().name(),
                    state.lastTouchAt(),
                    state.nextDueAt(),
                    state.overdueAt(),
                    state.unansweredOutreaches(),
                    state.gives(),
                    state.asks(),
                    RelationshipController.PlannedTouchView.of(state.plannedTouch()),
                    state.reasons(),
                    state.suggestedAction(),
                    state.strength(),
                    state.reciprocity(),
                    state.suggestion(),
                    state.cadence().tag(),
                    state.cadence().adaptation());
        }
    }
}
