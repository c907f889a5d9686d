package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One relationship: its facts, the status last published, and the occasions already announced.
 * Folding the same events again, in any repetition, changes nothing and announces nothing.
 *
 * @param status null until the contact is known and first assessed
 * @param occasions the latest transitions announced (see {@link Transition#occasion()})
 * @param suggested the library items announced as suggestions, each for the due date it was
 *     announced for (the latest {@link #SUGGESTED_KEPT}), remembered when a DUE or OVERDUE
 *     transition that names one is announced; never suggested again for another due date
 */
public record Relationship(
        RelationshipFacts facts, RelationshipStatus status, List<String> occasions, List<Suggested> suggested) {

    /** Enough to cover every transition a relationship can still repeat. */
    static final int OCCASIONS_KEPT = 64;

    /** Suggestions remembered: far more than a contact is ever due in the life of a library item. */
    static final int SUGGESTED_KEPT = 64;

    public Relationship {
        occasions = List.copyOf(occasions);
        suggested = List.copyOf(suggested);
    }

    public Relationship(RelationshipFacts facts, RelationshipStatus status, List<String> occasions) {
        this(facts, status, occasions, List.of());
    }

    public static Relationship start(String contactId, String ownerId) {
        return new Relationship(RelationshipFacts.empty(contactId, ownerId), null, List.of());
    }

    public String contactId() {
        return facts.contactId();
    }

    /** Whether the person was erased; an erased relationship is no one's to see. */
    public boolean erased() {
        return facts.erased();
    }

    /** The same relationship with {@code newer} facts (its archived touchpoints stored, say). */
    public Relationship withFacts(RelationshipFacts newer) {
        return newer == facts ? this : new Relationship(newer, status, occasions, suggested);
    }

    /** The state at {@code now}; empty while the contact is not known yet. */
    public Optional<Assessment> assess(Instant now, RelationshipRules rules) {
        return assess(now, rules, OwnerPreferences.NONE);
    }

    /** The state at {@code now} for an owner's preferences; empty while the contact is not known yet. */
    public Optional<Assessment> assess(Instant now, RelationshipRules rules, OwnerPreferences owner) {
        return facts.contact() == null || facts.erased()
                ? Optional.empty()
                : Optional.of(rules.assess(facts, now, owner, suggested));
    }

    /** What the passing of time alone did to this relationship. */
    public Outcome reassess(Instant now, RelationshipRules rules) {
        return fold(List.of(), now, rules, TouchArchive.NONE);
    }

    /** What the passing of time alone, or a change of the owner's preferences, did to this relationship. */
    public Outcome reassess(Instant now, RelationshipRules rules, OwnerPreferences owner) {
        return fold(List.of(), now, rules, TouchArchive.NONE, owner);
    }

    /** Folds {@code events} (one contact's, in their order), for a relationship with nothing archived. */
    public Outcome fold(List<RelationshipEvent> events, Instant now, RelationshipRules rules) {
        return fold(events, now, rules, TouchArchive.NONE);
    }

    /** Folds {@code events} (one contact's, in their order), for an owner who set nothing up. */
    public Outcome fold(List<RelationshipEvent> events, Instant now, RelationshipRules rules, TouchArchive archive) {
        return fold(events, now, rules, archive, OwnerPreferences.NONE);
    }

    /** Folds {@code events} (one contact's, in their order) and works out what to announce. */
    public Outcome fold(
            List<RelationshipEvent> events,
            Instant now,
            RelationshipRules rules,
            TouchArchive archive,
            OwnerPreferences owner) {
        RelationshipFacts folded = facts;
        List<Touchpoint> newAsks = new ArrayList<>();
        List<Snooze> newSnoozes = new ArrayList<>();
        for (RelationshipEvent event : events) {
            RelationshipFacts before = folded;
            folded = folded.with(event, archive);
            if (folded == before) {
                continue;
            }
            if (event instanceof RelationshipEvent.InteractionRecorded recorded
                    && recorded.touchpoint().isTouch()
                    && recorded.touchpoint().type().isAsk()) {
                newAsks.add(recorded.touchpoint());
            }
            if (event instanceof RelationshipEvent.Snoozed snoozed && snoozed.announce()) {
                newSnoozes.add(snoozed.snooze());
            }
        }
        if (folded.erased()) {
            // an erased relationship remembers nothing it announced, and announces nothing more
            Relationship erased = new Relationship(folded, null, List.of(), List.of());
            return new Outcome(erased, null, List.of(), !erased.equals(this));
        }
        if (folded.contact() == null) {
            return new Outcome(
                    new Relationship(folded, null, occasions, suggested), null, List.of(), !folded.equals(facts));
        }
        Assessment state = rules.assess(folded, now, owner, suggested);
        List<Transition> transitions = new ArrayList<>();
        statusTransition(state).ifPresent(transitions::add);
        for (Snooze snooze : newSnoozes) {
            transitions.add(new Transition(Transition.SNOOZED, "snoozed@" + snooze.id(), status, state, snooze));
        }
        if (state.status() != RelationshipStatus.PAUSED) {
            for (Touchpoint ask : newAsks) {
                RelationshipFacts current = folded;
                // an ask older than the window (a late arrival into a long history) is past advice
                if (current.touches().stream().noneMatch(t -> t.id().equals(ask.id()))) {
                    continue;
                }
                rules.askTooSoon(current, ask)
                        .ifPresent(reason -> transitions.add(new Transition(
                                Transition.ASK_TOO_SOON,
                                "ask_too_soon@" + ask.id(),
                                status,
                                state.because(
                                        reason,
                                        "Give before you ask: share something useful with "
                                                + current.contact().displayName()
                                                + " before the next request."),
                                null)));
            }
        }
        List<Transition> fresh = transitions.stream()
                .filter(t -> !occasions.contains(t.occasion()))
                .toList();
        List<String> remembered = new ArrayList<>(occasions);
        fresh.forEach(t -> remembered.add(t.occasion()));
        if (remembered.size() > OCCASIONS_KEPT) {
            remembered.subList(0, remembered.size() - OCCASIONS_KEPT).clear();
        }
        Relationship next = new Relationship(folded, state.status(), remembered, suggestedAfter(fresh));
        boolean changed = !folded.equals(facts) || state.status() != status || !fresh.isEmpty();
        return new Outcome(next, state, fresh, changed);
    }

    /** The suggestions remembered once {@code announced} is: a due or overdue transition's suggestion, for its due date. */
    private List<Suggested> suggestedAfter(List<Transition> announced) {
        List<Suggested> more = new ArrayList<>(suggested);
        boolean added = false;
        for (Transition transition : announced) {
            Suggestion suggestion = transition.state().suggestion();
            boolean due = transition.type().equals(Transition.DUE)
                    || transition.type().equals(Transition.OVERDUE);
            if (due && suggestion != null) {
                Suggested remembered = new Suggested(
                        suggestion.shareableId(), transition.state().nextDueAt());
                if (!more.contains(remembered)) {
                    more.add(remembered);
                    added = true;
                }
            }
        }
        if (more.size() > SUGGESTED_KEPT) {
            more.subList(0, more.size() - SUGGESTED_KEPT).clear();
        }
        return added ? more : suggested;
    }

    private Optional<Transition> statusTransition(Assessment state) {
        RelationshipStatus next = state.status();
        if (next == status) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                switch (next) {
                    case DUE -> new Transition(Transition.DUE, "due@" + state.nextDueAt(), status, state, null);
                    case OVERDUE ->
                        new Transition(Transition.OVERDUE, "overdue@" + state.nextDueAt(), status, state, null);
                    case NON_RESPONSIVE ->
                        new Transition(
                                Transition.NON_RESPONSIVE,
                                "non_responsive@" + state.lastTouchAt(),
                                status,
                                state,
                                null);
                    case OK ->
                        status != null && status.needsAttention()
                                ? new Transition(
                                        Transition.RECOVERED, "recovered@" + state.nextDueAt(), status, state, null)
                                : null;
                    case PAUSED -> null;
                });
    }

    /**
     * @param assessment the state after the fold; null while the contact is unknown
     * @param transitions what to announce, each for the first time
     * @param changed whether anything must be stored
     */
    public record Outcome(
            Relationship relationship, Assessment assessment, List<Transition> transitions, boolean changed) {}
}
