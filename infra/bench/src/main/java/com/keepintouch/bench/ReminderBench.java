package com.keepintouch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The reminder-service benchmarks against the running local stack: how fast events are
 * folded into relationship state, and how long an interaction event takes to become a transition
 * event. Usage: {@code ./bench.sh reminder [interaction events, default 100000]}.
 */
final class ReminderBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern FOLDED =
            Pattern.compile("^kit_reminder_events_folded_total\\{[^}]*} ([0-9.E]+)", Pattern.MULTILINE);

    private final String kafka = Bench.env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private final String reminder = Bench.env("REMINDER_SERVICE_URL", "http://127.0.0.1:8083");
    private final String owner = "bench-reminder-" + System.currentTimeMillis();
    private final Map<String, String> results = new LinkedHashMap<>();
    private final KafkaProducer<String, String> producer;

    private ReminderBench() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(props);
    }

    static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        ReminderBench bench = new ReminderBench();
        bench.fold(2_000, events);
        bench.transitionLatency(300, 20);
        bench.results.put("RSS after the run", Bench.rss());
        bench.producer.close();
        StringBuilder table = new StringBuilder("| measure | result |\n| --- | --- |\n");
        bench.results.forEach(
                (k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println();
        System.out.print(table);
    }

    /** Contacts, then interactions spread over them, produced as fast as the broker takes them. */
    private void fold(int contacts, int interactions) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            ids.add("c_bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 17));
        }
        double before = folded();
        Instant now = Instant.now();
        Random random = new Random(42);
        long start = System.nanoTime();
        for (String id : ids) {
            send("contacts.v1", id, contactCreated(id, now.minus(Duration.ofDays(400)), now));
        }
        for (int i = 0; i < interactions; i++) {
            String id = ids.get(i % contacts);
            Instant at = now.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            send("interactions.v1", id, interaction(id, i % 3 == 0 ? "INBOUND" : "OUTBOUND", at));
        }
        producer.flush();
        double produced = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "bench: %,d events produced in %.1f s%n", contacts + interactions, produced);
        double target = before + contacts + interactions;
        double last = before;
        long lastChange = System.nanoTime();
        while (last < target) {
            Thread.sleep(250);
            double now2 = folded();
            if (now2 > last) {
                last = now2;
                lastChange = System.nanoTime();
                System.out.printf(Locale.ROOT, "bench: folded %,.0f of %,d%n", last - before, contacts + interactions);
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("reminder-service stopped folding at " + (last - before));
            }
        }
        double secs = (lastChange - start) / 1e9;
        results.put(
                "events folded into relationship state (" + String.format(Locale.ROOT, "%,d", contacts) + " contacts, "
                        + String.format(Locale.ROOT, "%,d", interactions) + " interactions)",
                String.format(
                        Locale.ROOT,
                        "%,.0f events/s (%.1f s from first produced to last folded)",
                        (contacts + interactions) / secs,
                        secs));
    }

    /**
     * Overdue relationships each get an inbound touch, paced; the time from producing the
     * interaction event to reading its {@code relationship.recovered} is the latency.
     */
    private void transitionLatency(int samples, int perSecond) throws Exception {
        Map<String, Long> overdue = new ConcurrentHashMap<>();
        Map<String, Long> recovered = new ConcurrentHashMap<>();
        KafkaConsumer<String, String> consumer = Bench.latestConsumer(kafka, "relationships.v1");
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    long at = System.nanoTime();
                    if (r.value().contains("\"type\":\"relationship.overdue\"")) {
                        overdue.putIfAbsent(r.key(), at);
                    } else if (r.value().contains("\"type\":\"relationship.recovered\"")) {
                        recovered.putIfAbsent(r.key(), at);
                    }
                }
            }
            consumer.close();
        });
        reader.start();

        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String id = "c_lat" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
            ids.add(id);
            send(
                    "contacts.v1",
                    id,
                    contactCreated(id, now.minus(Duration.ofDays(900)), now.minus(Duration.ofDays(900))));
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!overdue.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (String id : ids) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            sent.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>("interactions.v1", id, interaction(id, "INBOUND", Instant.now())));
            producer.flush();
            next += interval;
        }
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!recovered.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reading.set(false);
        reader.join();
        long[] latencies = ids.stream()
                .filter(recovered::containsKey)
                .mapToLong(id -> recovered.get(id) - sent.get(id))
                .sorted()
                .toArray();
        results.put(
                "interaction event -> relationship.recovered on Kafka (" + perSecond + "/s, " + samples + " samples)",
                String.format(
                        Locale.ROOT,
                        "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d arrived)",
                        Bench.pct(latencies, 0.50),
                        Bench.pct(latencies, 0.99),
                        Bench.pct(latencies, 1.0),
                        latencies.length,
                        samples));
        System.out.println(
                "bench: latency samples " + Arrays.toString(Arrays.copyOf(latencies, Math.min(5, latencies.length))));
    }

    private void send(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private double folded() throws Exception {
        String body = HTTP.send(
                        HttpRequest.newBuilder(URI.create(reminder + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = FOLDED.matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private String contactCreated(String id, Instant metAt, Instant createdAt) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"contact-service\","
                + "\"type\":\"contact.created\",\"subject\":\"" + id + "\",\"time\":\"" + createdAt + "\","
                + "\"ownerId\":\"" + owner + "\",\"sequence\":1,\"datacontenttype\":\"application/json\","
                + "\"data\":{\"contactId\":\"" + id + "\",\"ownerId\":\"" + owner + "\",\"name\":\"Bench " + id
                + "\",\"emails\":[],\"tags\":[],\"tier\":\"REGULAR\",\"status\":\"ACTIVE\",\"metAt\":\"" + metAt
                + "\",\"createdAt\":\"" + createdAt + "\",\"updatedAt\":\"" + createdAt + "\"}}";
    }

    private String interaction(String contactId, String direction, Instant at) {
        String id = "i_" + UUID.randomUUID().toString().replace("-", "");
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"interaction-service\","
                + "\"type\":\"interaction.recorded\",\"subject\":\"" + contactId + "\",\"time\":\"" + Instant.now()
                + "\","
                + "\"ownerId\":\"" + owner + "\",\"sequence\":1,\"datacontenttype\":\"application/json\","
                + "\"data\":{\"interactionId\":\"" + id + "\",\"contactId\":\"" + contactId + "\",\"ownerId\":\""
                + owner
                + "\",\"type\":\"MESSAGE\",\"direction\":\"" + direction + "\",\"occurredAt\":\"" + at
                + "\",\"recordedAt\":\"" + Instant.now() + "\"}}";
    }
}
