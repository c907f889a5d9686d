package com.keepintouch.reminder.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A relationship that keeps only a few touches in full and archives the rest answers exactly as one
 * that keeps them all: same summary, same figures taken from it, whatever the events (repeats, late arrivals,
 * notes, deletions of known and unknown interactions) and however late the archive is written.
 * Each case is generated from its own seed, named in the test, so a failure is repeated by that seed.
 */
class WindowedHistoryTest {

    private static final int CASES = 1000;
    private static final Instant START = Instant.parse("2025-01-01T09:00:00Z");
    private static final RelationshipRules RULES = new RelationshipRules(ReminderSettings.defaults());

    /** The side collection, as the service keeps it: what stored versions moved out, by id. */
    static final class MemoryArchive implements TouchArchive {
        final Map<String, Touchpoint> stored = new HashMap<>();

        @Override
        public Optional<Touchpoint> find(String interactionId) {
            return Optional.ofNullable(stored.get(interactionId));
        }

        @Override
        public List<Touchpoint> all() {
            return new ArrayList<>(stored.values());
        }
    }

    private final AtomicInteger archived = new AtomicInteger();
    private final AtomicInteger archivedChanged = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> aSmallWindowWithAnArchiveAnswersAsTheWholeHistory() {
        Stream<DynamicTest> cases = IntStream.rangeClosed(1, CASES)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    Random random = new Random(seed);
                    check(history(random), 1 + random.nextInt(4));
                }));
        // the cases must reach the archive, and change what is in it, not only fold into the window
        DynamicTest coverage = DynamicTest.dynamicTest("the cases use the archive", () -> {
            assertThat(archived.get()).isGreaterThan(CASES / 2);
            assertThat(archivedChanged.get()).isGreaterThan(CASES / 10);
        });
        return Stream.concat(cases, Stream.of(coverage));
    }

    private void check(List<RelationshipEvent> events, int window) {
        ContactFacts jill = new ContactFacts("Jill", Tier.REGULAR, null, ContactStatus.ACTIVE, START, START, false, 1);
        RelationshipFacts whole =
                RelationshipFacts.empty("c_jill", "alice").with(new RelationshipEvent.ContactChanged(jill));
        RelationshipFacts windowed = whole;
        MemoryArchive archive = new MemoryArchive();
        int folds = 0;
        for (RelationshipEvent event : events) {
            whole = whole.with(event, TouchArchive.NONE, Integer.MAX_VALUE);
            windowed = windowed.with(event, archive, window);
            if (++folds % 3 == 0) { // a stored version's archiving is written before the next fold
                windowed.archiving().forEach(t -> archive.stored.put(t.id(), t));
                windowed = windowed.withArchivingStored();
            }
            assertThat(windowed.touches()).hasSizeLessThanOrEqualTo(window);
        }
        if (!archive.stored.isEmpty() || !windowed.archiving().isEmpty()) {
            archived.incrementAndGet();
        }
        if (windowed.archiving().stream().anyMatch(Touchpoint::deleted)
                || archive.stored.values().stream().anyMatch(Touchpoint::deleted)) {
            archivedChanged.incrementAndGet();
        }

        assertThat(whole.summary()).as("the summary of the whole history").isEqualTo(reference(whole.touches()));
        assertThat(windowed.summary()).isEqualTo(whole.summary());
        Instant now = START.plus(Duration.ofDays(400));
        assertThat(fromTheSummary(RULES.assess(windowed, now))).isEqualTo(fromTheSummary(RULES.assess(whole, now)));
    }

    /**
     * What the rules take from the summary of the whole history. Reciprocity (and what follows from it:
     * an adapted cadence, the due date it gives, strength) reads the touches kept in full by design,
     * so a window of a few touches answers differently there; the service's window is 64 touches.
     */
    private static List<Object> fromTheSummary(Assessment state) {
        Cadence cadence = state.cadence();
        return java.util.Arrays.asList(
                cadence.source(),
                cadence.baseDays(),
                cadence.learnedFrom(),
                state.lastTouchAt(),
                state.unansweredOutreaches(),
                state.gives(),
                state.asks(),
                state.cycle(),
                state.reciprocity().gives(),
                state.reciprocity().asks());
    }

    /** The summary computed the plain way, from the whole list of touches, as the rules once did. */
    static TouchSummary reference(List<Touchpoint> touches) {
        if (touches.isEmpty()) {
            return TouchSummary.EMPTY;
        }
        int unanswered = 0;
        for (int i = touches.size() - 1; i >= 0 && touches.get(i).direction() != Direction.INBOUND; i--) {
            unanswered++;
        }
        List<java.time.LocalDate> days = touches.stream()
                .map(t -> java.time.LocalDate.ofInstant(t.occurredAt(), java.time.ZoneOffset.UTC))
                .distinct()
                .toList();
        Touchpoint last = touches.get(touches.size() - 1);
        return new TouchSummary(
                touches.size(),
                (int) touches.stream().filter(t -> t.type().isGive()).count(),
                (int) touches.stream().filter(t -> t.type().isAsk()).count(),
                (int) touches.stream()
                        .filter(t -> t.direction() == Direction.INBOUND)
                        .count(),
                touches.get(0).occurredAt(),
                last.occurredAt(),
                last.id(),
                unanswered,
                days.size(),
                days.subList(Math.max(0, days.size() - TouchSummary.DAYS_KEPT), days.size()),
                touches.subList(Math.max(0, touches.size() - 2), touches.size()).stream()
                        .map(Touchpoint::type)
                        .toList());
    }

    /** Each interaction has one time, type and direction, as in the service: events repeat, never change it. */
    private static List<RelationshipEvent> history(Random random) {
        List<Touchpoint> known = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            known.add(new Touchpoint(
                    "i" + i,
                    START.plus(Duration.ofHours(random.nextInt(360 * 24))),
                    InteractionType.values()[random.nextInt(InteractionType.values().length)],
                    Direction.values()[random.nextInt(Direction.values().length)],
                    false));
        }
        List<RelationshipEvent> events = new ArrayList<>();
        int size = random.nextInt(61);
        for (int i = 0; i < size; i++) {
            int id = random.nextInt(30);
            if (random.nextInt(7) == 0 || id >= known.size()) { // a deletion, of a known or an unknown interaction
                events.add(new RelationshipEvent.InteractionDeleted("i" + id));
            } else {
                events.add(new RelationshipEvent.InteractionRecorded(known.get(id)));
            }
        }
        return events;
    }
}
