package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.Tier;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import com.keepintouch.testkit.SettableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * {@code ./bench.sh fold}: what folding one new interaction event costs through
 * RelationshipManagement (load, fold, save, on the embedded MongoDB in this JVM) for a contact with
 * 50,000 touches against one with 10. CPU is the calling thread's plus the database's worker
 * threads'; the 10-touch figure is taken over 300 contacts of 10 touches each, one fold each, so
 * that every history stays at 10.
 */
public final class FoldBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Random RANDOM = new Random(42);
    private static final InteractionType[] TYPES = {
        InteractionType.EMAIL, InteractionType.EMAIL, InteractionType.MEETING, InteractionType.CALL,
        InteractionType.MESSAGE, InteractionType.ARTICLE_SHARED, InteractionType.FAVOR_ASKED, InteractionType.NOTE
    };

    private FoldBenchmark() {}

    public static void main(String[] args) {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        SettableClock clock = new SettableClock(NOW);
        try (ReminderInstance instance = ReminderInstance.start(
                "fold-bench-" + System.currentTimeMillis(),
                "fold-bench-" + System.currentTimeMillis(),
                clock,
                "kit.reminders.sweep-interval=24h",
                "logging.level.root=WARN")) {
            RelationshipManagement management = instance.context().getBean(RelationshipManagement.class);
            List<Long> serverThreads = mongoThreads();
            LongSupplier cpu = () -> THREADS.getCurrentThreadCpuTime() + serverCpu(serverThreads);

            // 300 contacts with 10 touches each, one measured fold each (after 100 unmeasured ones)
            List<String> small = new ArrayList<>();
            for (int c = 0; c < 400; c++) {
                String contactId = "c_small_" + c;
                seed(management, contactId, 10);
                small.add(contactId);
            }
            long[][] smallFolds = measure(management, small, cpu, 100);

            String big = "c_large";
            long seeding = System.nanoTime();
            seed(management, big, large);
            double seeded = (System.nanoTime() - seeding) / 1e9;
            List<String> repeated = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                repeated.add(big);
            }
            long[][] largeFolds = measure(management, repeated, cpu, 100);

            double cpuRatio = median(largeFolds[0]) / median(smallFolds[0]);
            double wallRatio = median(largeFolds[1]) / median(smallFolds[1]);
            System.out.println("| measure | result |");
            System.out.println("| --- | --- |");
            System.out.printf(
                    Locale.ROOT,
                    "| fold of one event, contact with 10 touches | CPU median %.0f us, p99 %.0f us; wall median %.0f us, p99 %.0f us (300 folds) |%n",
                    median(smallFolds[0]) / 1e3,
                    p99(smallFolds[0]) / 1e3,
                    median(smallFolds[1]) / 1e3,
                    p99(smallFolds[1]) / 1e3);
            System.out.printf(
                    Locale.ROOT,
                    "| fold of one event, contact with %,d touches | CPU median %.0f us, p99 %.0f us; wall median %.0f us, p99 %.0f us (300 folds; history folded in %.1f s) |%n",
                    large,
                    median(largeFolds[0]) / 1e3,
                    p99(largeFolds[0]) / 1e3,
                    median(largeFolds[1]) / 1e3,
                    p99(largeFolds[1]) / 1e3,
                    seeded);
            System.out.printf(
                    Locale.ROOT,
                    "| ratio %,d touches / 10 (target <= 1.5) | CPU %.2f, wall %.2f |%n",
                    large,
                    cpuRatio,
                    wallRatio);
        }
        System.exit(0);
    }

    /** A contact and {@code touches} interactions over five years, folded in batches as the consumer does. */
    private static void seed(RelationshipManagement management, String contactId, int touches) {
        List<RelationshipManagement.Addressed> batch = new ArrayList<>();
        batch.add(new RelationshipManagement.Addressed(
                contactId,
                "owner_bench",
                new RelationshipEvent.ContactChanged(new ContactFacts(
                        "Bench " + contactId,
                        Tier.REGULAR,
                        null,
                        ContactStatus.ACTIVE,
                        NOW.minus(Duration.ofDays(1900)),
                        NOW.minus(Duration.ofDays(1900)),
                        false,
                        1))));
        long span = Duration.ofDays(1825).toMillis();
        for (int i = 0; i < touches; i++) {
            Instant at = NOW.minus(Duration.ofDays(1826)).plusMillis(span * i / Math.max(1, touches));
            batch.add(interaction(contactId, "i_" + contactId + "_" + i, at));
            if (batch.size() == 1000) {
                management.fold(batch);
                batch = new ArrayList<>();
            }
        }
        management.fold(batch);
    }

    private static RelationshipManagement.Addressed interaction(String contactId, String id, Instant at) {
        return new RelationshipManagement.Addressed(
                contactId,
                "owner_bench",
                new RelationshipEvent.InteractionRecorded(new Touchpoint(
                        id,
                        at,
                        TYPES[RANDOM.nextInt(TYPES.length)],
                        RANDOM.nextInt(3) == 0 ? Direction.INBOUND : Direction.OUTBOUND,
                        false)));
    }

    /** CPU and wall nanoseconds of folding one new event into each contact, after {@code warmUp} unmeasured ones. */
    private static long[][] measure(
            RelationshipManagement management, List<String> contacts, LongSupplier cpu, int warmUp) {
        long[] cpus = new long[contacts.size() - warmUp];
        long[] walls = new long[contacts.size() - warmUp];
        for (int i = 0; i < contacts.size(); i++) {
            String contactId = contacts.get(i);
            RelationshipManagement.Addressed event =
                    interaction(contactId, "i_new_" + contactId + "_" + i, NOW.minus(Duration.ofMinutes(400 - i)));
            long c0 = cpu.getAsLong();
            long t0 = System.nanoTime();
            management.fold(List.of(event));
            long wall = System.nanoTime() - t0;
            long used = cpu.getAsLong() - c0;
            if (i >= warmUp) {
                cpus[i - warmUp] = used;
                walls[i - warmUp] = wall;
            }
        }
        return new long[][] {cpus, walls};
    }

    private static List<Long> mongoThreads() {
        List<Long> ids = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("mongo-server-worker")) {
                ids.add(thread.getId());
            }
        }
        return ids;
    }

    private static long serverCpu(List<Long> threads) {
        long total = 0;
        for (long id : threads) {
            long used = THREADS.getThreadCpuTime(id);
            if (used > 0) {
                total += used;
            }
        }
        return total;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double p99(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(sorted.length * 0.99)];
    }
}
