package com.keepintouch.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the benchmarks of the contact and interaction services against a running local stack
 * ({@code ./devstack.sh}) and prints a Markdown table. Usage: {@code ./bench.sh [seconds] [clients]}.
 */
public final class Bench {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String contacts = env("CONTACT_SERVICE_URL", "http://127.0.0.1:8081");
    private final String interactions = env("INTERACTION_SERVICE_URL", "http://127.0.0.1:8082");
    private final String kafka = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private final String mongo = env("MONGODB_URI", "mongodb://127.0.0.1:27017");
    private final String token = System.getProperty("bench.token");
    private final String owner = System.getProperty("bench.owner");
    private final Map<String, String> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("notifier")) {
            NotifierBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("capture")) {
            CaptureBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("reminder")) {
            ReminderBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        try {
            new Bench().run(seconds, clients);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            System.exit(1); // load threads of the phase that failed must not keep the stack busy
        }
        System.exit(0);
    }

    private void run(int seconds, int clients) throws Exception {
        requireUp(contacts);
        requireUp(interactions);
        System.out.printf("bench: owner %s, %d clients, %d s per load phase%n", owner, clients, seconds);

        List<String> contactIds = createContacts(200);
        rawKafkaCeiling(Duration.ofSeconds(10));
        rawMongoCeiling(clients, Duration.ofSeconds(10));
        interactionLoad(contactIds, clients, Duration.ofSeconds(seconds));
        batchLoad(contactIds, clients, Duration.ofSeconds(Math.max(10, seconds / 2)), 50);
        importCsv(10_000);
        memory();

        StringBuilder table = new StringBuilder("| measure | result |\n| --- | --- |\n");
        results.forEach(
                (k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println();
        System.out.print(table);
    }

    // ------------------------------------------------------------------ phases

    private List<String> createContacts(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = post(
                    contacts + "/api/contacts",
                    "application/json",
                    "{\"name\":\"Bench contact " + i + "\",\"tier\":\"REGULAR\"}");
            if (response.statusCode() != 201) {
                throw new IllegalStateException(
                        "creating a contact answered " + response.statusCode() + ": " + response.body());
            }
            ids.add(field(response.body(), "id"));
        }
        // Touch each once so interaction-service knows it (projection or lookup) before the clock starts.
        for (String id : ids) {
            post(interactions + "/api/interactions", "application/json", touch(id, "NOTE"));
        }
        System.out.println("bench: " + count + " contacts ready");
        return ids;
    }

    private void rawKafkaCeiling(Duration duration) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID().toString().substring(0, 8);
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String value = "x".repeat(600); // about the size of an interaction.recorded event
        long sent = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            while (System.nanoTime() - start < duration.toNanos()) {
                producer.send(new ProducerRecord<>(topic, "c_" + (sent % 1000), value));
                sent++;
            }
            producer.flush();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        results.put(
                "raw Kafka producer ceiling (acks=all, idempotent, 600 B, same broker)",
                String.format(Locale.ROOT, "%,.0f records/s", sent / secs));
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", kafka))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    /**
     * The database work of one recorded interaction, alone, against the same Mongo server: read the
     * contact by _id, take the contact's next sequence (findOneAndUpdate $inc), insert the ~600 B
     * interaction with its pending event, then the relay's read by _id and its acknowledgement
     * (update by _id). No HTTP, no Kafka, no other service: the rate no interaction path on this
     * database can exceed.
     */
    private void rawMongoCeiling(int clients, Duration duration) throws Exception {
        String database = "bench_ceiling_" + UUID.randomUUID().toString().substring(0, 8);
        try (MongoClient client = MongoClients.create(mongo)) {
            MongoDatabase db = client.getDatabase(database);
            MongoCollection<Document> contactsCollection = db.getCollection("contacts");
            for (int i = 0; i < 200; i++) {
                contactsCollection.insertOne(new Document("_id", "c_" + i).append("ownerId", owner));
            }
            MongoCollection<Document> sequences = db.getCollection("sequences");
            MongoCollection<Document> stored = db.getCollection("interactions");
            String summary = "x".repeat(300);
            AtomicLong done = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client0 = c;
                Thread thread = new Thread(() -> {
                    long i = client0;
                    while (!stop.get()) {
                        String contact = "c_" + (i % 200);
                        String id = "i_" + client0 + "_" + i++;
                        contactsCollection.find(Filters.eq("_id", contact)).first();
                        sequences.findOneAndUpdate(
                                Filters.eq("_id", contact),
                                Updates.inc("sequence", 1L),
                                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                        stored.insertOne(new Document("_id", id)
                                .append("ownerId", owner)
                                .append("contactId", contact)
                                .append("summary", summary)
                                .append("pendingEvents", List.of(new Document("id", id).append("payload", summary))));
                        stored.find(Filters.eq("_id", id)).first();
                        stored.updateOne(Filters.eq("_id", id), Updates.unset("pendingEvents"));
                        done.incrementAndGet();
                    }
                });
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(2_000); // warm-up
            long start = System.nanoTime();
            long before = done.get();
            Thread.sleep(duration.toMillis());
            long count = done.get() - before;
            double secs = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            results.put(
                    "raw Mongo ceiling: the 5 database operations of one interaction, " + clients
                            + " threads, same server, nothing else",
                    String.format(Locale.ROOT, "%,.0f interactions/s", count / secs));
            db.drop();
        }
    }

    private void interactionLoad(List<String> contactIds, int clients, Duration duration) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[2_000_000];
            new Thread(() -> {
                        int i = client;
                        while (!stop.get()) {
                            String contact = contactIds.get(i++ % contactIds.size());
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> r = post(
                                        interactions + "/api/interactions", "application/json", touch(contact, "CALL"));
                                long t = System.nanoTime() - t0;
                                if (r.statusCode() != 201) {
                                    errors.incrementAndGet();
                                } else if (measuring.get() && counts[client] < latencies[client].length) {
                                    latencies[client][counts[client]++] = t;
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                        }
                        done.countDown();
                    })
                    .start();
        }
        Thread.sleep(10_000); // warm-up: JIT, connection pools
        EventCounter counter = new EventCounter(kafka, "interactions.v1", owner);
        counter.start();
        Thread.sleep(1_000);
        long startCount = counter.count.get();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        measuring.set(false);
        double secs = (System.nanoTime() - start) / 1e9;
        long eventsDuring = counter.count.get() - startCount;
        stop.set(true);
        done.await();
        long afterLoad = System.nanoTime();
        long total = Arrays.stream(counts).sum();
        // wait for the relay to catch up with every recorded interaction
        long expected = counter.count.get();
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < 3_000_000_000L) {
            Thread.sleep(200);
            if (counter.count.get() != expected) {
                expected = counter.count.get();
                lastChange = System.nanoTime();
            }
        }
        double drain = Math.max(0, (lastChange - afterLoad) / 1e9 - 0.2);
        counter.stop();

        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        results.put(
                "POST /api/interactions, " + clients + " keep-alive clients, " + duration.toSeconds() + " s",
                String.format(Locale.ROOT, "%,.0f interactions/s (%d errors)", total / secs, errors.get()));
        results.put(
                "latency p50 / p99 / max",
                String.format(
                        Locale.ROOT,
                        "%.1f ms / %.1f ms / %.1f ms",
                        pct(all, 0.50),
                        pct(all, 0.99),
                        all.length == 0 ? 0 : all[all.length - 1] / 1e6));
        results.put(
                "interaction.recorded reaching Kafka during the load",
                String.format(Locale.ROOT, "%,.0f events/s", eventsDuring / secs));
        results.put("last event on Kafka after the load stopped", String.format(Locale.ROOT, "%.1f s", drain));
    }

    /** The same touches through POST /api/interactions/batch: what the services do when HTTP overhead is shared. */
    private void batchLoad(List<String> contactIds, int clients, Duration duration, int perRequest) throws Exception {
        AtomicLong recorded = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            new Thread(() -> {
                        int i = client;
                        while (!stop.get()) {
                            StringBuilder body = new StringBuilder("{\"items\":[");
                            for (int n = 0; n < perRequest; n++) {
                                body.append(n == 0 ? "" : ",")
                                        .append(touch(contactIds.get(i++ % contactIds.size()), "EMAIL"));
                            }
                            try {
                                HttpResponse<String> r =
                                        post(interactions + "/api/interactions/batch", "application/json", body + "]}");
                                if (r.statusCode() == 200) {
                                    recorded.addAndGet(Long.parseLong(field(r.body(), "succeeded")));
                                }
                            } catch (Exception e) {
                                // counted as not recorded
                            }
                        }
                        done.countDown();
                    })
                    .start();
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        done.await();
        double secs = (System.nanoTime() - start) / 1e9;
        results.put(
                "POST /api/interactions/batch (" + perRequest + " per request), " + clients + " clients, "
                        + duration.toSeconds() + " s",
                String.format(Locale.ROOT, "%,.0f interactions/s", recorded.get() / secs));
    }

    private void importCsv(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("name,emails,company,tags,tier,cadenceDays,metAt\n");
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < rows; i++) {
            csv.append("Imported ")
                    .append(i)
                    .append(",imp")
                    .append(i)
                    .append('.')
                    .append(run)
                    .append("@example.com,Company ")
                    .append(i % 300)
                    .append(",tag")
                    .append(i % 20)
                    .append(',')
                    .append(i % 3 == 0 ? "CLOSE" : "REGULAR")
                    .append(',')
                    .append(30 + i % 60)
                    .append(",2026-03-1")
                    .append(i % 9)
                    .append('\n');
        }
        long t0 = System.nanoTime();
        HttpResponse<String> response = post(contacts + "/api/contacts/import", "text/csv", csv.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        results.put(
                "import of " + rows + " CSV rows",
                String.format(
                        Locale.ROOT,
                        "%.1f s (%s created, HTTP %d)",
                        secs,
                        field(response.body(), "created"),
                        response.statusCode()));
    }

    private void memory() throws IOException {
        results.put("RSS after the run", rss());
    }

    /** The resident memory of every process of this repository's local stack (bench.sh runs from its root). */
    static String rss() throws IOException {
        StringBuilder rss = new StringBuilder();
        String marker = "-Ddevstack.root=" + Path.of("").toAbsolutePath() + " ";
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String line = p.info().commandLine().orElse("");
            if (!line.contains(marker) || line.contains("Devstack")) {
                continue;
            }
            String name = line.contains("kafka.Kafka")
                    ? "kafka"
                    : line.contains("MongoWireServer")
                            ? "mongo"
                            : line.contains("greenmail")
                                    ? "greenmail"
                                    : line.replaceAll(".*/([a-z-]+-service)[.]jar.*", "$1");
            Path status = Path.of("/proc", Long.toString(p.pid()), "status");
            if (Files.exists(status)) {
                Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(status));
                if (m.find()) {
                    rss.append(rss.isEmpty() ? "" : ", ")
                            .append(name)
                            .append(' ')
                            .append(Long.parseLong(m.group(1)) / 1024)
                            .append(" MB");
                }
            }
        }
        return rss.toString();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> post(String url, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String touch(String contactId, String type) {
        return "{\"contactId\":\"" + contactId + "\",\"type\":\"" + type
                + "\",\"direction\":\"OUTBOUND\",\"summary\":\"bench\"}";
    }

    private void requireUp(String url) {
        for (int attempt = 1; attempt <= 6; attempt++) {
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                // not up yet, or busy: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println("bench: " + url + " does not answer; start the stack with ./devstack.sh first");
        System.exit(2);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The top-level value {@code name} of a JSON object as text; "?" where the body is not JSON or has none. */
    static String field(String json, String name) {
        JsonNode value;
        try {
            value = JSON.readTree(json).path(name);
        } catch (JacksonException e) {
            return "?";
        }
        return value.isValueNode() ? value.asString() : "?";
    }

    /** A consumer of its own group that sees only what is published from now on. */
    static KafkaConsumer<String, String> latestConsumer(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Counts this run's events on a topic as a downstream consumer sees them. */
    static final class EventCounter {
        final AtomicLong count = new AtomicLong();
        /** {@link System#nanoTime()} when the last one was counted. */
        volatile long lastAt;

        private final KafkaConsumer<String, String> consumer;
        private final String owner;
        private volatile boolean running = true;
        private volatile boolean assigned;
        private Thread thread;

        EventCounter(String bootstrap, String topic, String owner) {
            this.owner = owner;
            consumer = latestConsumer(bootstrap, topic);
        }

        void start() throws InterruptedException {
            thread = new Thread(() -> {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    assigned = !consumer.assignment().isEmpty();
                    for (ConsumerRecord<String, String> r : records) {
                        if (owner.equals(field(r.value(), "ownerId"))) {
                            count.incrementAndGet();
                            lastAt = System.nanoTime();
                        }
                    }
                }
                consumer.close();
            });
            thread.start();
            Instant deadline = Instant.now().plusSeconds(20);
            while (!assigned && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
