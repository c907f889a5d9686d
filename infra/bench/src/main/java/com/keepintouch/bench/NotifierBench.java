package com.keepintouch.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * The notifier-service benchmarks against the running local stack: signed webhook
 * deliveries per second to 5 receivers on loopback (running in this JVM, each verifying every
 * signature), the time from a {@code relationships.v1} event to its delivery at 500 events a
 * second, and, in the same run, the raw rate of the JDK HttpClient against the same receivers as
 * the ceiling. Usage: {@code ./bench.sh notifier [events for the throughput phase, default 20000]}.
 */
final class NotifierBench {

    static final int RECEIVERS = 5;

    static {
        // The JDK's HTTP server leaves Nagle's algorithm on by default: every small answer then
        // waits for the client's delayed ACK (40 ms). Receivers people write turn it off.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String kafka = Bench.env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private final String notifier = Bench.env("NOTIFIER_SERVICE_URL", "http://127.0.0.1:8084");
    private final String token = System.getProperty("bench.token");
    private final String owner = System.getProperty("bench.owner");
    private final Map<String, String> results = new LinkedHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<String> endpointIds = new ArrayList<>();
    /** Each phase marks its contacts (c_p<phase>_...), so receivers count only that phase's deliveries. */
    private volatile int phase;

    private NotifierBench() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(props);
    }

    static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("latency")) {
            // ./bench.sh notifier[-inprocess] latency <events per second>: one latency phase, after a warm-up
            NotifierBench bench = new NotifierBench();
            try {
                bench.start();
                bench.latency(Integer.parseInt(args[1]), Duration.ofSeconds(20), false);
                bench.latency(Integer.parseInt(args[1]), Duration.ofSeconds(30), true);
            } finally {
                bench.stop();
            }
            bench.results.forEach((k, v) -> System.out.println(k + ": " + v));
            return;
        }
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        NotifierBench bench = new NotifierBench();
        try {
            bench.start();
            bench.ceiling(Duration.ofSeconds(10));
            // A warm-up, not counted; then latency on a quiet service; then the throughput of a burst.
            bench.latency(100, Duration.ofSeconds(20), false);
            bench.latency(100, Duration.ofSeconds(30), true);
            bench.latency(500, Duration.ofSeconds(30), true);
            bench.throughput(events);
            String pid = System.getenv("NOTIFIER_PID");
            bench.results.put(
                    "RSS after the run",
                    pid == null ? Bench.rss() : "in-process JVM (notifier, Kafka, Mongo) " + rssOf(pid));
        } finally {
            bench.stop();
        }
        StringBuilder table = new StringBuilder("| measure | result |\n| --- | --- |\n");
        bench.results.forEach(
                (k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println();
        System.out.print(table);
    }

    private void start() throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(notifier + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() != 200) {
            throw new IllegalStateException(
                    "notifier-service is not up at " + notifier + "; start ./devstack.sh first");
        }
        for (int i = 0; i < RECEIVERS; i++) {
            Receiver receiver = new Receiver();
            HttpResponse<String> created = HTTP.send(
                    HttpRequest.newBuilder(URI.create(notifier + "/api/webhooks"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url()
                                    + "\",\"description\":\"bench receiver " + i + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating an endpoint failed: " + created.body());
            }
            JsonNode endpoint = Bench.JSON.readTree(created.body());
            receiver.secret = endpoint.required("secret").stringValue();
            endpointIds.add(endpoint.required("id").stringValue());
            receivers.add(receiver);
        }
        // The notifier's endpoint cache picks up changes within 2 s.
        Thread.sleep(2500);
        System.out.printf("notifier bench: owner %s, %d receivers on loopback%n", owner, RECEIVERS);
    }

    private void stop() {
        for (String id : endpointIds) {
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(notifier + "/api/webhooks/" + id))
                                .header("Authorization", "Bearer " + token)
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException | InterruptedException e) {
                System.out.println("could not delete endpoint " + id + ": " + e);
            }
        }
        receivers.forEach(Receiver::close);
        producer.close();
    }

    /** The JDK HttpClient alone, signing each request, against the same receivers: the ceiling. */
    private void ceiling(Duration length) throws Exception {
        run(Duration.ofSeconds(5)); // warm-up, not counted: the service it is compared with is warm
        results.put(
                "ceiling: JDK HttpClient alone, 64 in flight, signed, to the same 5 receivers",
                String.format(Locale.ROOT, "%,.0f requests/s", run(length)));
    }

    private double run(Duration length) throws Exception {
        Semaphore inFlight = new Semaphore(64);
        AtomicLong done = new AtomicLong();
        String body = body(UUID.randomUUID().toString(), Instant.now());
        long end = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        int i = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            Receiver receiver = receivers.get(i++ % RECEIVERS);
            String id = "msg_ceiling" + i;
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("content-type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", sign(receiver.secret, id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                done.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(64);
        double seconds = (System.nanoTime() - start) / 1e9;
        receivers.forEach(Receiver::reset);
        return done.get() / seconds;
    }

    /** As many events as the broker takes; every one goes to all 5 endpoints. */
    private void throughput(int events) throws Exception {
        phase++;
        receivers.forEach(Receiver::reset);
        long expected = (long) events * RECEIVERS;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            send(Instant.now());
        }
        producer.flush();
        double produced = (System.nanoTime() - start) / 1e9;
        long last = -1;
        long lastChange = System.nanoTime();
        while (delivered() < expected) {
            Thread.sleep(250);
            long now = delivered();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
                System.out.printf("  delivered %,d of %,d%n", now, expected);
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(60).toNanos()) {
                break;
            }
        }
        double seconds =
                (receivers.stream().mapToLong(r -> r.lastNanos.get()).max().orElse(start) - start) / 1e9;
        results.put(
                String.format(Locale.ROOT, "throughput: %,d events -> %,d signed deliveries", events, expected),
                String.format(
                        Locale.ROOT,
                        "%,.0f deliveries/s (%,d delivered in %.1f s; events produced in %.1f s); invalid signatures %d; repeats %d",
                        delivered() / seconds,
                        delivered(),
                        seconds,
                        produced,
                        invalid(),
                        repeats()));
        receivers.forEach(Receiver::reset);
    }

    /** A steady rate of events; the time from each event to its delivery at each receiver. */
    private void latency(int perSecond, Duration length, boolean report) throws Exception {
        // A new phase, then an empty count: late repeats of the last phase are strays from now on.
        phase++;
        receivers.forEach(Receiver::reset);
        long total = perSecond * length.toSeconds();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            send(Instant.now());
        }
        producer.flush();
        long expected = total * RECEIVERS;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (delivered() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (!report) {
            receivers.forEach(Receiver::reset);
            return;
        }
        long[] latencies = receivers.stream()
                .flatMapToLong(r -> r.latencies.stream().mapToLong(Long::longValue))
                .sorted()
                .toArray();
        results.put(
                String.format(
                        Locale.ROOT,
                        "latency: relationships.v1 event -> webhook received, %d events/s (%,d deliveries/s) for %d s",
                        perSecond,
                        perSecond * RECEIVERS,
                        length.toSeconds()),
                String.format(
                        Locale.ROOT,
                        "p50 %.0f ms, p99 %.0f ms, max %d ms; %,d of %,d delivered; invalid signatures %d; repeats %d",
                        Bench.pct(latencies, 0.50),
                        Bench.pct(latencies, 0.99),
                        latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1_000_000,
                        delivered(),
                        expected,
                        invalid(),
                        repeats()));
    }

    static String rssOf(String pid) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("VmRSS:\\s+(\\d+) kB")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "status")));
        return m.find() ? Long.parseLong(m.group(1)) / 1024 + " MB" : "unknown";
    }

    private long delivered() {
        return receivers.stream().mapToLong(r -> r.unique.size()).sum();
    }

    private long invalid() {
        return receivers.stream().mapToLong(r -> r.invalid.get()).sum();
    }

    private long repeats() {
        return receivers.stream().mapToLong(r -> r.repeats.get()).sum();
    }

    private void send(Instant at) {
        String contactId = "c_p" + phase + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        producer.send(new ProducerRecord<>("relationships.v1", contactId, event(contactId, at)));
    }

    private String event(String contactId, Instant at) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"reminder-service\","
                + "\"type\":\"relationship.due\",\"subject\":\"" + contactId + "\",\"time\":\"" + at + "\","
                + "\"ownerId\":\"" + owner + "\",\"sequence\":1,\"datacontenttype\":\"application/json\","
                + "\"data\":{\"contactId\":\"" + contactId + "\",\"ownerId\":\"" + owner + "\","
                + "\"contactName\":\"Bench Contact\",\"cycle\":1,\"state\":{\"status\":\"DUE\",\"previousStatus\":\"OK\","
                + "\"cadenceDays\":60,\"cadenceSource\":\"LEARNED\",\"lastTouchAt\":\"2026-04-22T10:00:00Z\","
                + "\"nextDueAt\":\"2026-06-21T10:00:00Z\",\"overdueAt\":\"2026-07-21T10:00:00Z\","
                + "\"unansweredOutreaches\":0,\"gives\":2,\"asks\":1,"
                + "\"reasons\":[\"Last touch 61 days ago; your usual rhythm with Bench Contact is every 60 days.\"],"
                + "\"suggestedAction\":\"Reach out to Bench Contact this week: share something useful.\"}}}";
    }

    private static String body(String id, Instant at) {
        return "{\"type\":\"relationship.due\",\"timestamp\":\"" + at + "\",\"data\":{\"contactId\":\"" + id + "\"}}";
    }

    static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1,"
                    + Base64.getEncoder()
                            .encodeToString(
                                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A webhook receiver as users write one: verifies the signature, answers 204, notes the latency. */
    private final class Receiver {
        final HttpServer server;
        final ExecutorService executor = Executors.newFixedThreadPool(8);
        final Set<String> unique = ConcurrentHashMap.newKeySet();
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong invalid = new AtomicLong();
        final AtomicLong repeats = new AtomicLong();
        final AtomicLong stray = new AtomicLong();
        final AtomicLong lastNanos = new AtomicLong();
        volatile String secret;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] bytes = exchange.getRequestBody().readAllBytes();
                    String body = new String(bytes, StandardCharsets.UTF_8);
                    String id = exchange.getRequestHeaders().getFirst("webhook-id");
                    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                    String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                    String expected = sign(secret, id, Long.parseLong(timestamp), body);
                    boolean valid = Arrays.stream(signature.split(" "))
                            .anyMatch(s -> MessageDigest.isEqual(
                                    s.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8)));
                    if (!valid) {
                        invalid.incrementAndGet();
                    }
                    JsonNode message = Bench.JSON.readTree(body);
                    if (!message.path("data").path("contactId").asString().startsWith("c_p" + phase + "_")) {
                        stray.incrementAndGet(); // a late delivery of an earlier phase
                    } else if (unique.add(id)) {
                        message.path("timestamp")
                                .stringValueOpt()
                                .map(Instant::parse)
                                .ifPresent(sent -> latencies.add(
                                        Duration.between(sent, Instant.now()).toNanos()));
                    } else {
                        repeats.incrementAndGet();
                    }
                    lastNanos.set(System.nanoTime());
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void reset() {
            unique.clear();
            latencies.clear();
            invalid.set(0);
            repeats.set(0);
        }

        void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
