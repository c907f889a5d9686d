package com.keepintouch.reminder.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Invariants of the rules, over generated histories. Each property runs on every edge case (the
 * contact alone, or the contact and one event whose every value is an edge of its range, against
 * every combination of the edges of the property's own ranges) and on {@value #CASES} cases
 * generated each from its own seed, drawn as the jqwik arbitraries this test once used drew them
 * (the same edges, bias and odds). The edge case or seed is named in the test and in every failure,
 * so a failure is repeated by it.
 */
class RelationshipPropertiesTest {

    private static final int CASES = 1000;
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    private final Set<RelationshipStatus> statusesAssessed = EnumSet.noneOf(RelationshipStatus.class);
    private final AtomicInteger repliesToTheNonResponsive = new AtomicInteger();
    private final AtomicInteger snoozesThatHeldTheDueDateBack = new AtomicInteger();
    private final AtomicInteger meetingsThatHeldADueRelationshipBack = new AtomicInteger();
    private final AtomicInteger foldsWithTransitions = new AtomicInteger();
    private final AtomicInteger runsWithAnnouncements = new AtomicInteger();

    private RelationshipFacts fold(List<RelationshipEvent> events) {
        RelationshipFacts facts = RelationshipFacts.empty("c_jill", "alice");
        for (RelationshipEvent event : events) {
            facts = facts.with(event);
        }
        return facts;
    }

    @TestFactory
    Stream<DynamicTest> nextDueIsNeverBeforeTheLastTouch() {
        Property property = (events, values) -> {
            int day = values[0];
            Assessment state = rules.assess(fold(events), START.plus(Duration.ofDays(day)));
            statusesAssessed.add(state.status());

            if (state.lastTouchAt() != null) {
                assertThat(state.nextDueAt()).isAfterOrEqualTo(state.lastTouchAt());
            }
            assertThat(state.overdueAt()).isAfterOrEqualTo(state.nextDueAt());
            assertThat(state.reasons()).isNotEmpty().allMatch(r -> !r.isBlank());
            assertThat(state.suggestedAction()).isNotBlank();
        };
        return cases(
                List.of(new Parameter("day", between(0, 2000))),
                property,
                () -> assertThat(statusesAssessed)
                        .as("the statuses assessed")
                        .containsExactlyInAnyOrder(RelationshipStatus.values()));
    }

    @TestFactory
    Stream<DynamicTest> anInboundTouchAfterTheLastOneAlwaysClearsNonResponsive() {
        Property property = (events, values) -> {
            int later = values[0];
            RelationshipFacts facts = fold(events);
            Instant last = facts.touches().isEmpty()
                    ? START
                    : facts.touches().get(facts.touches().size() - 1).occurredAt();
            Instant replied = last.plus(Duration.ofDays(later)).plusSeconds(1);
            if (facts.summary().unanswered() >= rules.settings().nonResponsiveAfter()) {
                repliesToTheNonResponsive.incrementAndGet();
            }
            RelationshipFacts withReply = facts.with(new RelationshipEvent.InteractionRecorded(
                    new Touchpoint("reply", replied, InteractionType.MESSAGE, Direction.INBOUND, false)));

            Assessment state = rules.assess(withReply, replied);

            assertThat(state.status()).isNotEqualTo(RelationshipStatus.NON_RESPONSIVE);
            assertThat(state.unansweredOutreaches()).isZero();
        };
        return cases(
                List.of(new Parameter("later", between(0, 30))),
                property,
                () -> assertThat(repliesToTheNonResponsive)
                        .as("replies to a non-responsive contact")
                        .hasValueGreaterThan(CASES / 40));
    }

    @TestFactory
    Stream<DynamicTest> aSnoozeNeverBringsTheDueDateForward() {
        Property property = (events, values) -> {
            int untilDay = values[0];
            int day = values[1];
            RelationshipFacts facts = fold(events);
            Instant now = START.plus(Duration.ofDays(day));
            Instant before = rules.assess(facts, now).nextDueAt();
            RelationshipFacts snoozed = facts.with(new RelationshipEvent.Snoozed(
                    new Snooze("latest", START.plus(Duration.ofDays(untilDay)), START.plus(Duration.ofDays(5000))),
                    true));

            Instant after = rules.assess(snoozed, now).nextDueAt();
            if (after.isAfter(before)) {
                snoozesThatHeldTheDueDateBack.incrementAndGet();
            }
            assertThat(after).isAfterOrEqualTo(before);
        };
        List<Parameter> parameters =
                List.of(new Parameter("untilDay", between(0, 1500)), new Parameter("day", between(0, 1500)));
        return cases(
                parameters,
                property,
                () -> assertThat(snoozesThatHeldTheDueDateBack)
                        .as("snoozes that held the due date back")
                        .hasValueGreaterThan(CASES / 10));
    }

    @TestFactory
    Stream<DynamicTest> aMeetingAheadIsNeverDueOrOverdueAndAPlanNeverBringsTheDueDateForward() {
        Property property = (events, values) -> {
            int plannedDay = values[0];
            int day = values[1];
            RelationshipFacts facts = fold(events);
            Instant now = START.plus(Duration.ofDays(day));
            Assessment before = rules.assess(facts, now);
            RelationshipFacts planned = facts.with(new RelationshipEvent.TouchPlanned(new PlannedTouch(
                    "latest", START.plus(Duration.ofDays(plannedDay)), InteractionType.MEETING, null, false, 1)));

            Assessment after = rules.assess(planned, now);
            if (before.status().needsAttention() && plannedDay > day) {
                meetingsThatHeldADueRelationshipBack.incrementAndGet();
            }
            assertThat(after.nextDueAt()).isAfterOrEqualTo(before.nextDueAt());
            if (plannedDay > day) {
                assertThat(after.status()).isNotIn(RelationshipStatus.DUE, RelationshipStatus.OVERDUE);
                assertThat(after.plannedTouch()).isNotNull();
                if (after.status() != RelationshipStatus.PAUSED) {
                    assertThat(after.nextCheckAt()).isNotNull().isBeforeOrEqualTo(after.nextDueAt());
                }
            }
        };
        List<Parameter> parameters =
                List.of(new Parameter("plannedDay", between(0, 1500)), new Parameter("day", between(0, 1500)));
        return cases(
                parameters,
                property,
                () -> assertThat(meetingsThatHeldADueRelationshipBack)
                        .as("meetings ahead of a relationship that needed attention")
                        .hasValueGreaterThan(CASES / 20));
    }

    @TestFactory
    Stream<DynamicTest> foldingTwiceOrWithDuplicatesGivesTheSameStateAndTransitions() {
        Property property = (events, values) -> {
            int day = values[0];
            Instant now = START.plus(Duration.ofDays(day));
            Relationship.Outcome once = Relationship.start("c_jill", "alice").fold(events, now, rules);
            if (!once.transitions().isEmpty()) {
                foldsWithTransitions.incrementAndGet();
            }

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
        };
        return cases(
                List.of(new Parameter("day", between(0, 2000))),
                property,
                () -> assertThat(foldsWithTransitions)
                        .as("folds with transitions")
                        .hasValueGreaterThan(CASES / 4));
    }

    @TestFactory
    Stream<DynamicTest> eachOccasionIsAnnouncedAtMostOnceAsTimePasses() {
        Property property = (events, values) -> {
            int steps = values[0];
            Relationship.Outcome outcome = Relationship.start("c_jill", "alice").fold(events, START, rules);
            List<String> announced = new ArrayList<>();
            outcome.transitions().forEach(t -> announced.add(t.occasion()));
            for (int i = 1; i <= steps; i++) {
                outcome = outcome.relationship().reassess(START.plus(Duration.ofDays(i * 30L)), rules);
                outcome.transitions().forEach(t -> announced.add(t.occasion()));
            }
            if (announced.size() > 1) {
                runsWithAnnouncements.incrementAndGet();
            }
            assertThat(announced).doesNotHaveDuplicates();
        };
        return cases(
                List.of(new Parameter("steps", between(1, 40))),
                property,
                () -> assertThat(runsWithAnnouncements)
                        .as("runs with more than one announcement")
                        .hasValueGreaterThan(CASES / 4));
    }

    private final AtomicInteger repliesThatRaisedResponsiveness = new AtomicInteger();
    private final AtomicInteger outreachesThatLoweredResponsiveness = new AtomicInteger();
    private final AtomicInteger foldsWithSuggestions = new AtomicInteger();

    /** An owner with a tag cadence for one of the tags the generated contacts may carry, and a library. */
    private static final OwnerPreferences OWNER = new OwnerPreferences(
            Map.of("marketing", 45),
            List.of(
                    new Shareable("sh_1", "alice", "https://example.org/1", "One", List.of("women"), START),
                    new Shareable(
                            "sh_2", "alice", "https://example.org/2", "Two", List.of("sales"), START.plusSeconds(60))));

    @TestFactory
    Stream<DynamicTest> aReplyNeverLowersResponsivenessAndStrengthIsTheSumOfItsPoints() {
        Property property = (events, values) -> {
            int after = values[0];
            int exact = values[1];
            int day = values[2];
            RelationshipFacts facts = fold(events);
            Instant now = START.plus(Duration.ofDays(day));
            Assessment before = rules.assess(facts, now);
            List<Touchpoint> outreaches = facts.touches().stream()
                    .filter(t -> t.direction() == Direction.OUTBOUND)
                    .toList();
            Touchpoint answered = outreaches.isEmpty() ? null : outreaches.get(exact % outreaches.size());
            Instant at = (answered == null ? START : answered.occurredAt()).plus(Duration.ofHours(after));
            InReplyTo inReplyTo =
                    answered != null && exact % 2 == 0 ? new InReplyTo(answered.id(), answered.occurredAt()) : null;
            RelationshipFacts replied = facts.with(new RelationshipEvent.InteractionRecorded(
                    new Touchpoint("reply", at, InteractionType.EMAIL, Direction.INBOUND, false, inReplyTo)));

            Assessment state = rules.assess(replied, now);

            if (state.reciprocity().responsiveness() > before.reciprocity().responsiveness()) {
                repliesThatRaisedResponsiveness.incrementAndGet();
            }
            assertThat(state.reciprocity().responsiveness())
                    .isGreaterThanOrEqualTo(before.reciprocity().responsiveness());
            for (Assessment a : List.of(before, state)) {
                assertThat(a.reciprocity().responsiveness()).isBetween(0, 100);
                assertThat(a.strength().score())
                        .isBetween(0, 100)
                        .isEqualTo(a.strength().components().stream()
                                .mapToInt(StrengthComponent::points)
                                .sum());
            }
        };
        List<Parameter> parameters = List.of(
                new Parameter("afterHours", between(0, 24 * 30)),
                new Parameter("exact", between(0, 40)),
                new Parameter("day", between(0, 2000)));
        return cases(
                parameters,
                property,
                () -> assertThat(repliesThatRaisedResponsiveness)
                        .as("replies that raised responsiveness")
                        .hasValueGreaterThan(CASES / 5));
    }

    @TestFactory
    Stream<DynamicTest> anotherUnansweredOutreachNeverRaisesResponsiveness() {
        Property property = (events, values) -> {
            int later = values[0];
            RelationshipFacts facts = fold(events);
            List<Touchpoint> touches = facts.touches();
            Instant last =
                    touches.isEmpty() ? START : touches.get(touches.size() - 1).occurredAt();
            Instant at = last.plus(Duration.ofHours(later)).plusSeconds(1);
            Assessment before = rules.assess(facts, at);
            RelationshipFacts more = facts.with(new RelationshipEvent.InteractionRecorded(
                    new Touchpoint("outreach", at, InteractionType.EMAIL, Direction.OUTBOUND, false)));

            Assessment state = rules.assess(more, at);

            if (state.reciprocity().responsiveness() < before.reciprocity().responsiveness()) {
                outreachesThatLoweredResponsiveness.incrementAndGet();
            }
            assertThat(state.reciprocity().responsiveness())
                    .isLessThanOrEqualTo(before.reciprocity().responsiveness());
        };
        return cases(
                List.of(new Parameter("laterHours", between(0, 24 * 400))),
                property,
                () -> assertThat(outreachesThatLoweredResponsiveness)
                        .as("outreaches that lowered responsiveness")
                        .hasValueGreaterThan(CASES / 2));
    }

    @TestFactory
    Stream<DynamicTest> foldingTwiceOrWithDuplicatesGivesTheSameStateAndTransitionsWithPreferences() {
        Property property = (events, values) -> {
            int day = values[0];
            Instant now = START.plus(Duration.ofDays(day));
            List<RelationshipEvent> described =
                    events.stream().map(RelationshipPropertiesTest::described).toList();
            Relationship.Outcome once =
                    Relationship.start("c_jill", "alice").fold(described, now, rules, TouchArchive.NONE, OWNER);
            if (!once.relationship().suggested().isEmpty()) {
                foldsWithSuggestions.incrementAndGet();
            }
            List<RelationshipEvent> duplicated = new ArrayList<>();
            for (RelationshipEvent event : described) {
                duplicated.add(event);
                duplicated.add(event);
            }
            Relationship.Outcome withDuplicates =
                    Relationship.start("c_jill", "alice").fold(duplicated, now, rules, TouchArchive.NONE, OWNER);
            Relationship.Outcome twice = once.relationship().fold(described, now, rules, TouchArchive.NONE, OWNER);
            Relationship.Outcome reassessed = once.relationship().reassess(now, rules, OWNER);

            assertThat(withDuplicates.relationship()).isEqualTo(once.relationship());
            assertThat(withDuplicates.transitions()).isEqualTo(once.transitions());
            assertThat(twice.relationship()).isEqualTo(once.relationship());
            assertThat(twice.transitions()).isEmpty();
            assertThat(twice.changed()).isFalse();
            assertThat(reassessed.changed()).isFalse();
        };
        return cases(
                List.of(new Parameter("day", between(0, 2000))),
                property,
                () -> assertThat(foldsWithSuggestions)
                        .as("folds that remembered a suggestion")
                        .hasValueGreaterThan(CASES / 10));
    }

    /** The contact of a ContactChanged with tags, a company and a title, by its version, so that the owner's
     * tag cadence and library apply to some versions and not to others. */
    private static RelationshipEvent described(RelationshipEvent event) {
        if (!(event instanceof RelationshipEvent.ContactChanged changed)) {
            return event;
        }
        ContactFacts c = changed.contact();
        List<String> tags = c.version() % 3 == 1 ? List.of("Friends", "Marketing") : List.of("Friends");
        String title = c.version() % 2 == 0 ? "Head of Marketing to Women" : "Engineer";
        return new RelationshipEvent.ContactChanged(new ContactFacts(
                c.name(),
                c.tier(),
                c.cadenceDays(),
                c.status(),
                c.metAt(),
                c.createdAt(),
                c.deleted(),
                c.version(),
                tags,
                "Acme Sales",
                title));
    }

    /** Strength over its inputs drawn at random: within 0..100, the sum of its points, monotone in recency and responsiveness. */
    @TestFactory
    Stream<DynamicTest> strengthFallsWithTimeSinceTheLastTouchAndRisesWithResponsiveness() {
        AtomicInteger fell = new AtomicInteger();
        AtomicInteger rose = new AtomicInteger();
        Stream<DynamicTest> seeded = IntStream.rangeClosed(1, CASES)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    Random random = new Random(seed);
                    Kind<Integer> days = between(0, 2000);
                    Integer since = random.nextInt(20) == 0 ? null : days.draw(random);
                    int cadence = between(1, 730).draw(random);
                    int touchDays = between(0, 365).draw(random);
                    int responsiveness = between(0, 100).draw(random);
                    double share = between(0, 100).draw(random) / 100.0;
                    long known = days.draw(random);
                    int more = between(0, 400).draw(random);
                    StrengthScore.Inputs in =
                            new StrengthScore.Inputs("Jill", since, cadence, touchDays, responsiveness, share, known);
                    Strength strength = StrengthScore.of(in);
                    Strength older = StrengthScore.of(new StrengthScore.Inputs(
                            "Jill",
                            since == null ? null : since + more,
                            cadence,
                            touchDays,
                            responsiveness,
                            share,
                            known));
                    Strength warmer = StrengthScore.of(new StrengthScore.Inputs(
                            "Jill", since, cadence, touchDays, Math.min(100, responsiveness + more), share, known));
                    String named = "seed " + seed + ", inputs " + in + ", more " + more;
                    assertThat(strength.score())
                            .as(named)
                            .isBetween(0, 100)
                            .isEqualTo(StrengthScore.score(strength.components()));
                    assertThat(older.score()).as(named).isLessThanOrEqualTo(strength.score());
                    assertThat(warmer.score()).as(named).isGreaterThanOrEqualTo(strength.score());
                    assertThat(strength.raiseMost()).as(named).isNotBlank();
                    if (older.score() < strength.score()) {
                        fell.incrementAndGet();
                    }
                    if (warmer.score() > strength.score()) {
                        rose.incrementAndGet();
                    }
                }));
        DynamicTest covered = DynamicTest.dynamicTest("the cases reach what the property is about", () -> {
            assertThat(fell).as("cases where time lowered strength").hasValueGreaterThan(CASES / 4);
            assertThat(rose).as("cases where responsiveness raised strength").hasValueGreaterThan(CASES / 4);
        });
        return Stream.concat(seeded, Stream.of(covered));
    }

    // ------------------------------------------------------------------ cases

    /** A property: assertions over a history and one value of each of its parameters. */
    @FunctionalInterface
    interface Property {
        void check(List<RelationshipEvent> events, int[] values);
    }

    record Parameter(String name, Kind<Integer> kind) {}

    /**
     * The edge cases of {@code property}, one test per edge history, then {@value #CASES} seeded
     * cases, then {@code coverage}: what the cases must have reached for the property to mean something.
     */
    private static Stream<DynamicTest> cases(List<Parameter> parameters, Property property, Runnable coverage) {
        List<List<RelationshipEvent>> edgeHistories = HISTORIES.edges();
        List<int[]> edgeValues = combinations(parameters);
        Stream<DynamicTest> edges = IntStream.range(0, edgeHistories.size())
                .mapToObj(i -> DynamicTest.dynamicTest("edge " + (i + 1), () -> {
                    for (int[] values : edgeValues) {
                        check("edge " + (i + 1), parameters, values, edgeHistories.get(i), property);
                    }
                }));
        Stream<DynamicTest> seeded = IntStream.rangeClosed(1, CASES)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    Random random = new Random(seed);
                    List<RelationshipEvent> events = HISTORIES.draw(random);
                    int[] values = parameters.stream()
                            .mapToInt(p -> p.kind().draw(random))
                            .toArray();
                    check("seed " + seed, parameters, values, events, property);
                }));
        DynamicTest covered = DynamicTest.dynamicTest("the cases reach what the property is about", coverage::run);
        return Stream.of(edges, seeded, Stream.of(covered)).flatMap(Function.identity());
    }

    private static void check(
            String label, List<Parameter> parameters, int[] values, List<RelationshipEvent> events, Property property) {
        try {
            property.check(events, values);
        } catch (AssertionError | RuntimeException e) {
            StringBuilder named = new StringBuilder(label);
            for (int i = 0; i < values.length; i++) {
                named.append(", ").append(parameters.get(i).name()).append(' ').append(values[i]);
            }
            throw new AssertionError(named + ", events " + events + ": " + e.getMessage(), e);
        }
    }

    /** Every combination of the parameters' edge cases. */
    private static List<int[]> combinations(List<Parameter> parameters) {
        List<int[]> combinations = List.of(new int[0]);
        for (Parameter parameter : parameters) {
            List<int[]> longer = new ArrayList<>();
            for (int[] prefix : combinations) {
                for (int edge : parameter.kind().edges()) {
                    int[] values = Arrays.copyOf(prefix, prefix.length + 1);
                    values[prefix.length] = edge;
                    longer.add(values);
                }
            }
            combinations = longer;
        }
        return combinations;
    }

    // ------------------------------------------------------------------ generators

    /** The number of tries the odds of the edge cases are worked out for. */
    private static final int GEN_SIZE = 1000;

    /**
     * Values of one kind: now and then one of its edge cases (one draw in {@code GEN_SIZE / edges},
     * at least 5 and at most 20), else a value drawn by {@code random}.
     */
    record Kind<T>(List<T> edges, Function<Random, T> random) {
        T draw(Random r) {
            int odds = Math.min(Math.max(GEN_SIZE / edges.size(), 5), 20);
            return r.nextInt(odds) == 0 ? edges.get(r.nextInt(edges.size())) : random.apply(r);
        }

        /** The same draws, each passed through {@code f} (edges mixed in once, not twice). */
        <U> Kind<U> map(Function<T, U> f) {
            return new Kind<>(edges.stream().map(f).toList(), r -> f.apply(random.apply(r)));
        }
    }

    /**
     * An int of [min, max] (here min is never negative): the edges are min, min + 1, max - 1, max
     * and 0..2 where inside; else one of the bands that shrink by thirds towards min, each as likely,
     * and a value in it, so that values near min come as often as the rest (a range of at most
     * 20 is drawn uniformly).
     */
    static Kind<Integer> between(int min, int max) {
        List<Integer> edges = IntStream.of(min, min + 1, max - 1, max, 0, 1, 2)
                .filter(v -> v >= min && v <= max)
                .distinct()
                .sorted()
                .boxed()
                .toList();
        List<Integer> bandStarts = new ArrayList<>(List.of(min));
        for (int top = max; top - min > 20; ) {
            top = min + (top - min) / 3;
            bandStarts.add(1, top);
        }
        return new Kind<>(edges, r -> {
            int band = r.nextInt(bandStarts.size());
            int from = bandStarts.get(band);
            int to = band + 1 < bandStarts.size() ? bandStarts.get(band + 1) - 1 : max;
            return from + r.nextInt(to - from + 1);
        });
    }

    /** One of {@code values}, each as likely; the edges are the first and the last. */
    static <T> Kind<T> oneOf(T[] values) {
        return new Kind<>(List.of(values[0], values[values.length - 1]), r -> values[r.nextInt(values.length)]);
    }

    /** Null 60 times in 100, else a value of {@code kind}; null is an edge too. */
    static Kind<Integer> mostlyNull(Kind<Integer> kind) {
        List<Integer> edges = new ArrayList<>();
        edges.add(null);
        edges.addAll(kind.edges());
        return new Kind<>(edges, r -> r.nextInt(100) < 60 ? null : kind.draw(r));
    }

    /** A value made of one of each kind; the edges are every combination of their edges. */
    static <A, B, T> Kind<T> combine(Kind<A> a, Kind<B> b, BiFunction<A, B, T> make) {
        List<T> edges = new ArrayList<>();
        for (A x : a.edges()) {
            for (B y : b.edges()) {
                edges.add(make.apply(x, y));
            }
        }
        return new Kind<>(edges, r -> make.apply(a.draw(r), b.draw(r)));
    }

    @FunctionalInterface
    interface Make4<A, B, C, D, T> {
        T make(A a, B b, C c, D d);
    }

    /** A value made of one of each kind; the edges are every combination of their edges. */
    static <A, B, C, D, T> Kind<T> combine(Kind<A> a, Kind<B> b, Kind<C> c, Kind<D> d, Make4<A, B, C, D, T> make) {
        List<T> edges = new ArrayList<>();
        for (A w : a.edges()) {
            for (B x : b.edges()) {
                for (C y : c.edges()) {
                    for (D z : d.edges()) {
                        edges.add(make.make(w, x, y, z));
                    }
                }
            }
        }
        return new Kind<>(edges, r -> make.make(a.draw(r), b.draw(r), c.draw(r), d.draw(r)));
    }

    /** Events of the kinds with these weights; the edges are those of each kind. */
    static Kind<RelationshipEvent> frequencies(List<Integer> weights, List<Kind<RelationshipEvent>> kinds) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        return new Kind<>(kinds.stream().flatMap(k -> k.edges().stream()).toList(), r -> {
            int pick = r.nextInt(total);
            int i = 0;
            while (pick >= weights.get(i)) {
                pick -= weights.get(i++);
            }
            return kinds.get(i).draw(r);
        });
    }

    private static final Kind<Integer> INTERACTION_IDS = between(1, 12);

    private static final Kind<RelationshipEvent> CONTACTS = combine(
            oneOf(Tier.values()),
            mostlyNull(between(1, 730)),
            oneOf(ContactStatus.values()),
            between(1, 6),
            (tier, cadence, status, version) -> new RelationshipEvent.ContactChanged(
                    new ContactFacts("Jill", tier, cadence, status, START, START, false, version)));

    private static final Kind<RelationshipEvent> TOUCHES = combine(
            INTERACTION_IDS,
            between(0, 900),
            oneOf(InteractionType.values()),
            oneOf(Direction.values()),
            (id, day, type, direction) -> new RelationshipEvent.InteractionRecorded(
                    new Touchpoint("i" + id, START.plus(Duration.ofDays(day)), type, direction, false)));

    private static final Kind<RelationshipEvent> FORGETS =
            INTERACTION_IDS.map(id -> new RelationshipEvent.InteractionDeleted("i" + id));

    private static final Kind<RelationshipEvent> SNOOZES = combine(
            between(1, 4),
            between(0, 1000),
            (id, day) -> new RelationshipEvent.Snoozed(
                    new Snooze("s" + id, START.plus(Duration.ofDays(day)), START.plus(Duration.ofDays(id))), true));

    private static final Kind<RelationshipEvent> PLANS = combine(
            between(1, 3),
            between(0, 1000),
            oneOf(new Boolean[] {false, true}),
            between(1, 4),
            (id, day, cancelled, sequence) -> new RelationshipEvent.TouchPlanned(new PlannedTouch(
                    "p" + id, START.plus(Duration.ofDays(day)), InteractionType.MEETING, null, cancelled, sequence)));

    private static final Kind<RelationshipEvent> EVENTS =
            frequencies(List.of(2, 8, 1, 1, 1), List.of(CONTACTS, TOUCHES, FORGETS, SNOOZES, PLANS));

    /**
     * The contact as first met, then up to 30 events, each length as likely; the edges are the contact alone and the contact with each edge event.
     */
    private static final Kind<List<RelationshipEvent>> HISTORIES = new Kind<>(
            Stream.concat(
                            Stream.of(List.<RelationshipEvent>of()),
                            EVENTS.edges().stream().map(List::of))
                    .map(RelationshipPropertiesTest::afterTheFirstContact)
                    .toList(),
            r -> {
                List<RelationshipEvent> events = new ArrayList<>();
                int size = r.nextInt(31);
                for (int i = 0; i < size; i++) {
                    events.add(EVENTS.draw(r));
                }
                return afterTheFirstContact(events);
            });

    private static List<RelationshipEvent> afterTheFirstContact(List<RelationshipEvent> events) {
        List<RelationshipEvent> withContact = new ArrayList<>(events);
        withContact.add(
                0,
                new RelationshipEvent.ContactChanged(
                        new ContactFacts("Jill", Tier.REGULAR, null, ContactStatus.ACTIVE, START, START, false, 0)));
        return List.copyOf(withContact);
    }
}
