package com.keepintouch.platform.personal;

import com.keepintouch.embeddedmongo.EmbeddedMongo;
import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InboundEventDeserializer;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.tracing.TraceContexts;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./bench.sh sealing}: what sealing costs a producer and opening costs a consumer, each as a
 * ratio to the same work without it, measured in one JVM in the same run.
 *
 * <ul>
 *   <li>Producing: {@link Outbox#event} of a {@code contact.created} with its personal fields in the
 *       clear (the ceiling) against the same call sealing them, keys cached, and for contacts seen
 *       for the first time (each makes and stores its key in the keyring).
 *   <li>Consuming: reading a polled batch of records into events with the consumers' deserializer
 *       (schemas checked, the ceiling) against the same plus {@link PersonalData#open(List)}, with
 *       the keys cached and with a cold cache (one keyring read per batch).
 * </ul>
 *
 * The keyring is the embedded MongoDB wire server, in this JVM, over loopback; its worker threads'
 * work is in the wall times. One thread, after a warm-up of every phase.
 */
public final class SealingBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 500; // Kafka's max.poll.records default, as the consumers use it

    private SealingBenchmark() {}

    public static void main(String[] args) {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Clock clock = Clock.systemUTC();
        EventSchemas schemas = EventSchemas.load();
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase keyring = client.getDatabase("keyring");
            SecretBox wrapping = new SecretBox("bench-secret", "contact key", "kit.personal-data.secret-key");
            ContactKeys producerKeys = new ContactKeys(keyring, wrapping, clock, Duration.ofHours(1), 100_000);
            PersonalData producer = new PersonalData(producerKeys, schemas);
            Outbox clear = new Outbox("contact-service", JSON, clock, TraceContexts.NONE);
            Outbox sealing = new Outbox("contact-service", JSON, clock, TraceContexts.NONE, producer);

            // warm-up: every path once over its own contacts
            List<String> warm = ids("c_warm_", contacts);
            produce(sealing, warm);
            produce(clear, warm);
            List<byte[]> warmRecords = records(sealing, warm);
            consume(warmRecords, new PersonalData(keys(keyring, wrapping, clock), schemas));
            consume(warmRecords, null);

            List<String> bench = ids("c_bench_", contacts);
            double firstSeal = produce(sealing, bench) / (double) contacts; // makes every key
            long[] clearProduce = new long[rounds];
            long[] sealedProduce = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                clearProduce[r] = produce(clear, bench);
                sealedProduce[r] = produce(sealing, bench);
            }

            List<byte[]> sealedRecords = records(sealing, bench);
            PersonalData warmConsumer = new PersonalData(keys(keyring, wrapping, clock), schemas);
            consume(sealedRecords, warmConsumer); // fills its cache
            List<Long> deserializeOnly = new ArrayList<>();
            List<Long> openCached = new ArrayList<>();
            List<Long> openCold = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                deserializeOnly.addAll(consume(sealedRecords, null));
                openCached.addAll(consume(sealedRecords, warmConsumer));
                openCold.addAll(consume(sealedRecords, new PersonalData(keys(keyring, wrapping, clock), schemas)));
            }

            int events = contacts * rounds;
            double clearUs = sum(clearProduce) / 1e3 / events;
            double sealedUs = sum(sealedProduce) / 1e3 / events;
            System.out.println("| measure | result |");
            System.out.println("| --- | --- |");
            System.out.printf(
                    Locale.ROOT,
                    "| produce: Outbox.event of contact.created, personal fields in the clear (ceiling) | %.1f us/event, %,.0f events/s |%n",
                    clearUs,
                    1e6 / clearUs);
            System.out.printf(
                    Locale.ROOT,
                    "| produce: the same, sealed, key cached | %.1f us/event, %,.0f events/s; ratio to the ceiling %.2f |%n",
                    sealedUs,
                    1e6 / sealedUs,
                    sealedUs / clearUs);
            System.out.printf(
                    Locale.ROOT,
                    "| produce: the same, sealed, the contact's first event (makes and stores its key) | %.0f us/event |%n",
                    firstSeal / 1e3);
            report("consume: deserialize and check the schema (ceiling)", deserializeOnly, null);
            report("consume: the same + open, keys cached", openCached, deserializeOnly);
            report("consume: the same + open, cold cache (one keyring read per batch)", openCold, deserializeOnly);
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            System.out.printf(
                    Locale.ROOT,
                    "| heap after the run, the keys of %,d contacts in the producer's cache | %.0f MB used, peak %s |%n",
                    contacts * 2,
                    (runtime.totalMemory() - runtime.freeMemory()) / 1e6,
                    peakHeap());
            System.out.printf(
                    Locale.ROOT,
                    "%n%,d contacts, %d rounds, batches of %d, JVM %s%n",
                    contacts,
                    rounds,
                    BATCH,
                    System.getProperty("java.version"));
        }
        System.exit(0);
    }

    private static ContactKeys keys(MongoDatabase keyring, SecretBox wrapping, Clock clock) {
        return new ContactKeys(keyring, wrapping, clock, Duration.ofHours(1), 100_000);
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    /** Nanoseconds to stage one contact.created for each contact. */
    private static long produce(Outbox outbox, List<String> contacts) {
        long started = System.nanoTime();
        long sink = 0;
        for (String contact : contacts) {
            sink += outbox.event("contacts.v1", "contact.created", contact, "owner_bench", 1, data(contact))
                    .payload()
                    .length();
        }
        long took = System.nanoTime() - started;
        if (sink == 0) {
            throw new IllegalStateException("nothing staged");
        }
        return took;
    }

    private static List<byte[]> records(Outbox outbox, List<String> contacts) {
        List<byte[]> records = new ArrayList<>(contacts.size());
        for (String contact : contacts) {
            records.add(outbox.event("contacts.v1", "contact.created", contact, "owner_bench", 1, data(contact))
                    .payload()
                    .getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** Nanoseconds per event of each batch: deserialized as the consumers do, then opened unless {@code opener} is null. */
    private static List<Long> consume(List<byte[]> records, PersonalData opener) {
        InboundEventDeserializer deserializer = new InboundEventDeserializer();
        List<Long> perEvent = new ArrayList<>();
        for (int from = 0; from < records.size(); from += BATCH) {
            List<byte[]> batch = records.subList(from, Math.min(records.size(), from + BATCH));
            long started = System.nanoTime();
            List<InboundEvent> events = new ArrayList<>(batch.size());
            for (byte[] record : batch) {
                events.add(deserializer.deserialize("contacts.v1", null, record));
            }
            if (opener != null) {
                events = opener.open(events);
                if (events.get(0).data().path("name").isMissingNode()) {
                    throw new IllegalStateException("the event did not open");
                }
            }
            perEvent.add((System.nanoTime() - started) / batch.size());
        }
        return perEvent;
    }

    private static void report(String what, List<Long> perEvent, List<Long> ceiling) {
        double mean = perEvent.stream().mapToLong(Long::longValue).average().orElseThrow() / 1e3;
        String ratio = ceiling == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        "; ratio to the ceiling %.2f",
                        mean
                                / (ceiling.stream()
                                                .mapToLong(Long::longValue)
                                                .average()
                                                .orElseThrow()
                                        / 1e3));
        System.out.printf(
                Locale.ROOT,
                "| %s | %.1f us/event, %,.0f events/s; per batch of %d: p50 %.1f us/event, p99 %.1f us/event%s |%n",
                what,
                mean,
                1e6 / mean,
                BATCH,
                percentile(perEvent, 0.50) / 1e3,
                percentile(perEvent, 0.99) / 1e3,
                ratio);
    }

    private static double percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * p))];
    }

    private static double sum(long[] values) {
        return Arrays.stream(values).sum();
    }

    private static String peakHeap() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return String.format(Locale.ROOT, "%.0f MB", peak / 1e6);
    }

    private static Map<String, Object> data(String contact) {
        return Map.ofEntries(
                Map.entry("contactId", contact),
                Map.entry("ownerId", "owner_bench"),
                Map.entry("name", "Bench Person " + contact),
                Map.entry("emails", List.of(contact + "@example.com", contact + ".work@example.org")),
                Map.entry("phone", "+44 20 7946 0000"),
                Map.entry("company", "Example Ltd"),
                Map.entry("title", "Head of People"),
                Map.entry("tags", List.of("marketing", "london")),
                Map.entry("tier", "CLOSE"),
                Map.entry("status", "ACTIVE"),
                Map.entry("createdAt", "2026-12-01T00:00:00Z"),
                Map.entry("updatedAt", "2026-12-01T00:00:00Z"));
    }
}
