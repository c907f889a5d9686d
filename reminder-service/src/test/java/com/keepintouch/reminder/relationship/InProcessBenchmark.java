package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.reminder.relationship.Relationships.Change;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.Relationship;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.Tier;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import com.keepintouch.testkit.SettableClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The in-process benchmarks of reminder-service (not tests), on a whole reminder-service in this JVM with the
 * embedded Kafka broker and the in-memory Mongo wire server: events folded per second, then the
 * time to find and apply 10,000 due relationships among 100,000 and among 1,000,000, in one run.
 * Run with {@code ./bench.sh reminder-inprocess}.
 */
public final class InProcessBenchmark {

    private static final int DUE = 10_000;
    private static final int CHUNK = 5_000;

    public static void main(String[] args) {
        SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
        Map<String, String> results = new java.util.LinkedHashMap<>();
        try (ReminderInstance instance = ReminderInstance.start(
                "sweep-bench", "sweep-bench", clock, "kit.reminders.sweep-interval=24h", "logging.level.root=WARN")) {
            Relationships store = instance.context().getBean(Relationships.class);
            Agenda agenda = instance.context().getBean(Agenda.class);
            RelationshipManagement management = instance.context().getBean(RelationshipManagement.class);
            DueSweep sweep = instance.sweep();
            fold(instance, clock, results);
            int stored = 0;
            for (int total : new int[] {100_000, 1_000_000}) {
                long started = System.nanoTime();
                populate(store, agenda, management, clock.instant(), stored, total - stored);
                System.out.printf(
                        Locale.ROOT,
                        "in-process bench: %,d relationships stored (%,d added in %.0f s), heap %,d MB%n",
                        total,
                        total - stored,
                        (System.nanoTime() - started) / 1e9,
                        (Runtime.getRuntime().totalMemory()
                                        - Runtime.getRuntime().freeMemory())
                                >> 20);
                stored = total;
                clock.advance(Duration.ofHours(2));
                DueSweep.Result result = sweep.sweep();
                String key = String.format(Locale.ROOT, "sweep: %,d due among %,d relationships", DUE, total);
                results.put(
                        key,
                        String.format(
                                Locale.ROOT,
                                "%,d ms (%,d reassessed, %,d transitions, %,.0f relationships/s)",
                                result.took().toMillis(),
                                result.due(),
                                result.transitions(),
                                result.due() / (result.took().toNanos() / 1e9)));
                System.out.println("in-process bench: " + key + ": " + results.get(key));
                clock.advance(Duration.ofHours(2));
            }
        }
        StringBuilder table = new StringBuilder("| measure | result |\n| --- | --- |\n");
        results.forEach(
                (k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println();
        System.out.print(table);
        System.exit(0);
    }

    /** 2,000 contacts and 100,000 interactions spread over them, as {@code ./bench.sh reminder} sends them. */
    private static void fold(ReminderInstance instance, SettableClock clock, Map<String, String> results) {
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> kafka = instance.context().getBean(KafkaTemplate.class);
        MeterRegistry meters = instance.context().getBean(MeterRegistry.class);
        ReminderEvents events = new ReminderEvents(kafka, false);
        int contacts = 2_000;
        int interactions = 100_000;
        Instant now = clock.instant();
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            ids.add(ReminderEvents.newContactId());
        }
        // Produce the whole backlog first, with the listeners stopped, so that the figure is the
        // service's folding alone, not the producer's work in this same JVM.
        KafkaListenerEndpointRegistry listeners = instance.context().getBean(KafkaListenerEndpointRegistry.class);
        listeners.stop();
        double before = meters.counter("kit.reminder.events.folded").count();
        for (String id : ids) {
            events.contactCreated(id, "bench", now.minus(Duration.ofDays(400)), now, d -> {});
        }
        for (int i = 0; i < interactions; i++) {
            events.interaction(
                    "i_" + i,
                    ids.get(i % contacts),
                    "bench",
                    "MESSAGE",
                    i % 3 == 0 ? "INBOUND" : "OUTBOUND",
                    now.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60))));
        }
        events.flush();
        long started = System.nanoTime();
        listeners.start();
        double target = before + contacts + interactions;
        io.micrometer.core.instrument.Counter folded = meters.counter("kit.reminder.events.folded");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> folded.count() >= target);
        double seconds = (System.nanoTime() - started) / 1e9;
        String key = "events folded into relationship state, in-process (2,000 contacts, 100,000 interactions)";
        results.put(
                key,
                String.format(
                        Locale.ROOT,
                        "%,.0f events/s (%.1f s from starting the listeners on the produced backlog to the last folded)",
                        (contacts + interactions) / seconds,
                        seconds));
        System.out.println("in-process bench: " + key + ": " + results.get(key));
    }

    /** {@code count} relationships with one touch each; the first {@link #DUE} fall due within the next hour. */
    private static void populate(
            Relationships store, Agenda agenda, RelationshipManagement management, Instant now, int offset, int count) {
        Random random = new Random(offset);
        for (int from = 0; from < count; from += CHUNK) {
            List<Change> changes = new ArrayList<>(CHUNK);
            Map<String, Instant> checks = new HashMap<>();
            List<org.bson.Document> fillers = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + CHUNK); i++) {
                String id = String.format(Locale.ROOT, "c_sweep%017d", offset + i);
                if (offset > 0 && i >= DUE) {
                    // Beyond the first 100,000 the relationships that are not due are stored lean,
                    // so that a million fit the in-process wire server's heap; the sweep never reads them.
                    fillers.add(new org.bson.Document("_id", id)
                            .append("etag", java.util.UUID.randomUUID().toString())
                            .append("ownerId", "bench")
                            .append("listed", true)
                            .append("status", "OK"));
                    checks.put(
                            id,
                            now.plus(Duration.ofDays(1 + random.nextInt(80))).plusSeconds(random.nextInt(86400)));
                    continue;
                }
                Duration sinceTouch = i < DUE
                        ? Duration.ofDays(90).minusMinutes(1 + random.nextInt(59))
                        : Duration.ofDays(random.nextInt(80)).plusMinutes(random.nextInt(1440));
                Relationship.Outcome outcome = Relationship.start(id, "bench")
                        .fold(
                                List.of(
                                        new RelationshipEvent.ContactChanged(new ContactFacts(
                                                "Contact " + i,
                                                Tier.REGULAR,
                                                null,
                                                ContactStatus.ACTIVE,
                                                now.minus(Duration.ofDays(400)),
                                                now.minus(Duration.ofDays(400)),
                                                false,
                                                1)),
                                        new RelationshipEvent.InteractionRecorded(new Touchpoint(
                                                "i_" + id,
                                                now.minus(sinceTouch),
                                                InteractionType.CALL,
                                                Direction.INBOUND,
                                                false))),
                                now,
                                management.rules());
                Assessment state = outcome.assessment();
                changes.add(new Change(null, outcome.relationship(), state, List.of(), List.of(), 0));
                checks.put(id, state.nextCheckAt());
            }
            agenda.schedule(checks);
            store.save(changes);
            if (!fillers.isEmpty()) {
                store.collection().insertMany(fillers);
            }
        }
    }
}
