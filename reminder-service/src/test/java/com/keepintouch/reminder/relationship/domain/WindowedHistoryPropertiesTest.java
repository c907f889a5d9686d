package com.keepintouch.reminder.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * A relationship that keeps only a few touches in full and archives the rest answers exactly as one
 * that keeps them all: same summary, same assessment, whatever the events (repeats, late arrivals,
 * notes, deletions of known and unknown interactions) and however late the archive is written.
 */
class WindowedHistoryPropertiesTest {

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

    @Property(tries = 1000)
    void aSmallWindowWithAnArchiveAnswersAsTheWholeHistory(
            @ForAll("histories") List<RelationshipEvent> events, @ForAll("windows") int window) {
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
            assertThat(windowed.touches().stream().filter(Touchpoint::isTouch).count())
                    .isLessThanOrEqualTo(window);
        }

        Statistics.label("archive")
                .collect(archive.stored.isEmpty() && windowed.archiving().isEmpty() ? "none" : "used");
        Statistics.label("late or deleted archived touch")
                .collect(
                        windowed.archiving().stream().anyMatch(Touchpoint::deleted)
                                        || archive.stored.values().stream().anyMatch(Touchpoint::deleted)
                                ? "yes"
                                : "no");
        assertThat(windowed.summary()).isEqualTo(whole.summary());
        Instant now = START.plus(Duration.ofDays(400));
        Assessment expected = RULES.assess(whole, now);
        Assessment actual = RULES.assess(windowed, now);
        assertThat(actual).isEqualTo(expected);
        Statistics.label("archive").coverage(c -> c.check("used").percentage(p -> p > 50));
        Statistics.label("late or deleted archived touch")
                .coverage(c -> c.check("yes").percentage(p -> p > 10));
    }

    @Provide
    Arbitrary<Integer> windows() {
        return Arbitraries.integers().between(1, 4);
    }

    /** Each interaction has one time, type and direction, as in the service: events repeat, never change it. */
    @Provide
    Arbitrary<List<RelationshipEvent>> histories() {
        Arbitrary<Touchpoint> touchpoint = Combinators.combine(
                        Arbitraries.integers().between(0, 360 * 24),
                        Arbitraries.of(InteractionType.class),
                        Arbitraries.of(Direction.class))
                .as((hours, type, direction) ->
                        new Touchpoint("", START.plus(Duration.ofHours(hours)), type, direction, false));
        Arbitrary<List<Touchpoint>> interactions = touchpoint.list().ofSize(25);
        Arbitrary<List<int[]>> picks = Combinators.combine(
                        Arbitraries.integers().between(0, 29),
                        Arbitraries.integers().between(0, 6))
                .as((id, kind) -> new int[] {id, kind})
                .list()
                .ofMaxSize(60);
        return Combinators.combine(interactions, picks).as((known, chosen) -> {
            List<RelationshipEvent> events = new ArrayList<>();
            for (int[] pick : chosen) {
                String id = "i" + pick[0];
                if (pick[1] == 0 || pick[0] >= known.size()) { // a deletion, of a known or an unknown interaction
                    events.add(new RelationshipEvent.InteractionDeleted(id));
                } else {
                    Touchpoint t = known.get(pick[0]);
                    events.add(new RelationshipEvent.InteractionRecorded(
                            new Touchpoint(id, t.occurredAt(), t.type(), t.direction(), false)));
                }
            }
            return events;
        });
    }
}
