package com.keepintouch.reminder.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the rules, over generated histories. */
class RelationshipPropertiesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    @Provide
    Arbitrary<List<RelationshipEvent>> histories() {
        Arbitrary<RelationshipEvent> contact = Combinators.combine(
                        Arbitraries.of(Tier.class),
                        Arbitraries.integers().between(1, 730).injectNull(0.6),
                        Arbitraries.of(ContactStatus.class),
                        Arbitraries.longs().between(1, 6))
                .as((tier, cadence, status, version) -> new RelationshipEvent.ContactChanged(
                        new ContactFacts("Jill", tier, cadence, status, START, START, false, version)));
        Arbitrary<RelationshipEvent> touch = Combinators.combine(
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(0, 900),
                        Arbitraries.of(InteractionType.class),
                        Arbitraries.of(Direction.class))
                .as((id, day, type, direction) -> new RelationshipEvent.InteractionRecorded(
                        new Touchpoint("i" + id, START.plus(Duration.ofDays(day)), type, direction, false)));
        Arbitrary<RelationshipEvent> forget =
                Arbitraries.integers().between(1, 12).map(id -> new RelationshipEvent.InteractionDeleted("i" + id));
        Arbitrary<RelationshipEvent> snooze = Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(0, 1000))
                .as((id, day) -> new RelationshipEvent.Snoozed(
                        new Snooze("s" + id, START.plus(Duration.ofDays(day)), START.plus(Duration.ofDays(id))), true));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(2, contact),
                        net.jqwik.api.Tuple.of(8, touch),
                        net.jqwik.api.Tuple.of(1, forget),
                        net.jqwik.api.Tuple.of(1, snooze))
                .list()
                .ofMaxSize(30)
                .map(events -> {
                    List<RelationshipEvent> withContact = new ArrayList<>(events);
                    withContact.add(
                            0,
                            new RelationshipEvent.ContactChanged(new ContactFacts(
                                    "Jill", Tier.REGULAR, null, ContactStatus.ACTIVE, START, START, false, 0)));
                    return withContact;
                });
    }

    private RelationshipFacts fold(List<RelationshipEvent> events) {
        RelationshipFacts facts = RelationshipFacts.empty("c_jill", "alice");
        for (RelationshipEvent event : events) {
            facts = facts.with(event);
        }
        return facts;
    }

    @Property
    void nextDueIsNeverBeforeTheLastTouch(
            @ForAll("histories") List<RelationshipEvent> events, @ForAll @IntRange(min = 0, max = 2000) int day) {
        Assessment state = rules.assess(fold(events), START.plus(Duration.ofDays(day)));

        if (state.lastTouchAt() != null) {
            assertThat(state.nextDueAt()).isAfterOrEqualTo(state.lastTouchAt());
        }
        assertThat(state.overdueAt()).isAfterOrEqualTo(state.nextDueAt());
        assertThat(state.reasons()).isNotEmpty().allMatch(r -> !r.isBlank());
        assertThat(state.suggestedAction()).isNotBlank();
    }

    @Property
    void anInboundTouchAfterTheLastOneAlwaysClearsNonResponsive(
            @ForAll("histories") List<RelationshipEvent> events, @ForAll @IntRange(min = 0, max = 30) int later) {
        RelationshipFacts facts = fold(events);
        Instant last = facts.touches().isEmpty()
                ? START
                : facts.touches().get(facts.touches().size() - 1).occurredAt();
        Instant replied = last.plus(Duration.ofDays(later)).plusSeconds(1);
        RelationshipFacts withReply = facts.with(new RelationshipEvent.InteractionRecorded(
                new Touchpoint("reply", replied, InteractionType.MESSAGE, Direction.INBOUND, false)));

        Assessment state = rules.assess(withReply, replied);

        assertThat(state.status()).isNotEqualTo(RelationshipStatus.NON_RESPONSIVE);
        assertThat(state.unansweredOutreaches()).isZero();
    }

    @Property
    void aSnoozeNeverBringsTheDueDateForward(
            @ForAll("histories") List<RelationshipEvent> events,
            @ForAll @IntRange(min = 0, max = 1500) int untilDay,
            @ForAll @IntRange(min = 0, max = 1500) int day) {
        RelationshipFacts facts = fold(events);
        Instant now = START.plus(Duration.ofDays(day));
        Instant before = rules.assess(facts, now).nextDueAt();
        RelationshipFacts snoozed = facts.with(new RelationshipEvent.Snoozed(
                new Snooze("latest", START.plus(Duration.ofDays(untilDay)), START.plus(Duration.ofDays(5000))), true));

        assertThat(rules.assess(snoozed, now).nextDueAt()).isAfterOrEqualTo(before);
    }

    @Property
    void foldingTwiceOrWithDuplicatesGivesTheSameStateAndTransitions(
            @ForAll("histories") List<RelationshipEvent> events, @ForAll @IntRange(min = 0, max = 2000) int day) {
        Instant now = START.plus(Duration.ofDays(day));
        Relationship.Outcome once = Relationship.start("c_jill", "alice").fold(events, now, rules);

        List<RelationshipEvent> duplicated = new ArrayList<>();
        for (RelationshipEvent event : events) {
            duplicated.add(event);
            duplicated.add(event);
        }
        Relationship.Outcome withDuplicates =
                Relationship.start("c_jill", "alice").fold(duplicated, now, rules);
        Relationship.Outcome twice = once.relationship().fold(events, now, rules);

        assertThat(withDuplicates.relationship()).isEqualTo(once.relationship());
        assertThat(withDuplicates.transitions()).isEqualTo(once.transitions());
        assertThat(twice.relationship()).isEqualTo(once.relationship());
        assertThat(twice.transitions()).isEmpty();
        assertThat(twice.changed()).isFalse();
    }

    @Property
    void eachOccasionIsAnnouncedAtMostOnceAsTimePasses(
            @ForAll("histories") List<RelationshipEvent> events, @ForAll @IntRange(min = 1, max = 40) int steps) {
        Relationship.Outcome outcome = Relationship.start("c_jill", "alice").fold(events, START, rules);
        List<String> announced = new ArrayList<>();
        outcome.transitions().forEach(t -> announced.add(t.occasion()));
        for (int i = 1; i <= steps; i++) {
            outcome = outcome.relationship().reassess(START.plus(Duration.ofDays(i * 30L)), rules);
            outcome.transitions().forEach(t -> announced.add(t.occasion()));
        }
        assertThat(announced).doesNotHaveDuplicates();
    }
}
