package com.keepintouch.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Store;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The mailbox backfill against the running local stack: a year of generated mail in a GreenMail
 * user's mailbox, its headers fetched with Jakarta Mail alone as the ceiling, then the same
 * mailbox connected through {@code POST /api/mailboxes} and its backfill timed to the last
 * message, the last interaction event and the last relationship that reflects it. Usage: {@code
 * ./bench.sh capture [messages, default 20000]}.
 */
final class CaptureBench {

    /** People the owner writes with; {@link #CONTACT_SHARE} of them are her contacts. */
    static final int CORRESPONDENTS = 300;

    static final double CONTACT_SHARE = 0.4;
    /** Of the personal conversations, the share the owner starts. */
    static final double FROM_OWNER = 0.3;
    /** Messages per APPEND call, and per FETCH of the ceiling (the service's default batch-size). */
    static final int BATCH = 200;

    private static final Duration STALLED = Duration.ofSeconds(120);
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String contacts = Bench.env("CONTACT_SERVICE_URL", "http://127.0.0.1:8081");
    private final String interactions = Bench.env("INTERACTION_SERVICE_URL", "http://127.0.0.1:8082");
    private final String reminder = Bench.env("REMINDER_SERVICE_URL", "http://127.0.0.1:8083");
    private final String kafka = Bench.env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private final String imapHost = Bench.env("IMAP_HOST", "127.0.0.1");
    private final int imapPort = Integer.parseInt(Bench.env("IMAP_PORT", "3143"));
    private final String token = System.getProperty("bench.token");
    private final String owner = System.getProperty("bench.owner");
    private final Map<String, String> results = new LinkedHashMap<>();
    private double ceilingRate;

    static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try {
            new CaptureBench().run(messages);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private void run(int messages) throws Exception {
        String address = owner + "@owners.bench.example";
        String password = "bench-" + owner; // GreenMail of the local stack takes any password
        List<String> people = new ArrayList<>();
        for (int i = 0; i < CORRESPONDENTS; i++) {
            people.add("p" + i + "." + owner + "@people.bench.example");
        }
        Map<String, String> contactIds = createContacts(people.subList(0, (int) (CORRESPONDENTS * CONTACT_SHARE)));

        MailHistory history = MailHistory.generate(address, people, messages, FROM_OWNER, Instant.now(), 42);
        MailHistory.Expected expected = history.expected(contactIds.keySet());
        System.out.printf(
                Locale.ROOT,
                "bench: %,d messages (%,d automated, %,d to more than 20 people) should record %,d interactions"
                        + " of %d contacts%n",
                messages,
                expected.automated(),
                expected.crowded(),
                expected.interactions(),
                expected.touches().size());

        try (Store store = Imap.connect(imapHost, imapPort, address, password)) {
            long t0 = System.nanoTime();
            history.appendTo(store, "INBOX", "Sent", BATCH);
            double appended = (System.nanoTime() - t0) / 1e9;
            results.put(
                    "generated and appended over IMAP (" + BATCH + " per appendMessages call)",
                    String.format(
                            Locale.ROOT,
                            "%,d messages in %.1f s (%,.0f messages/s)",
                            messages,
                            appended,
                            messages / appended));
            ceiling(store, messages);
        }

        backfill(address, password, messages, expected, contactIds);
        results.put("RSS after the run", Bench.rss());

        StringBuilder table = new StringBuilder("| measure | result |\n| --- | --- |\n");
        results.forEach(
                (k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println();
        System.out.print(table);
    }

    /** The contacts among the correspondents, by address. */
    private Map<String, String> createContacts(List<String> addresses) throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        int i = 0;
        for (String address : addresses) {
            HttpResponse<String> created = send("POST", contacts + "/api/contacts", """
                    {"name":"Correspondent %d","emails":["%s"],"tier":"REGULAR"}""".formatted(i++, address));
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "creating a contact answered " + created.statusCode() + ": " + created.body());
            }
            ids.put(address, Bench.field(created.body(), "id"));
        }
        System.out.println("bench: " + ids.size() + " contacts ready");
        return ids;
    }

    private void ceiling(Store store, int messages) throws MessagingException {
        HeaderFetch.Result sent = HeaderFetch.all(store, "Sent", BATCH);
        HeaderFetch.Result inbox = HeaderFetch.all(store, "INBOX", BATCH);
        int read = sent.messages() + inbox.messages();
        if (read != messages || sent.messageIds() + inbox.messageIds() != messages) {
            throw new IllegalStateException("the mailbox holds " + read + " messages, not " + messages);
        }
        double seconds = sent.seconds() + inbox.seconds();
        ceilingRate = read / seconds;
        results.put(
                "raw ceiling: the " + HeaderFetch.HEADERS.size() + " headers of every message fetched and parsed"
                        + " with Jakarta Mail alone (" + BATCH + " per FETCH, Sent and INBOX)",
                String.format(Locale.ROOT, "%,.0f messages/s (%,d in %.1f s)", ceilingRate, read, seconds));
    }

    private void backfill(
            String address,
            String password,
            int messages,
            MailHistory.Expected expected,
            Map<String, String> contactIds)
            throws Exception {
        Bench.EventCounter events = new Bench.EventCounter(kafka, "interactions.v1", owner);
        events.start();
        RssPeak rss = RssPeak.of("interaction-service.jar");
        rss.start();

        long t0 = System.nanoTime();
        HttpResponse<String> created =
                send("POST", interactions + "/api/mailboxes", """
                {"host":"%s","port":%d,"security":"NONE","username":"%s","password":"%s",
                 "folders":{"inbox":"INBOX","sent":"Sent"},"backfillDays":400}""".formatted(imapHost, imapPort, address, password));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /api/mailboxes answered " + created.statusCode() + ": "
                    + created.body()
                    + (created.statusCode() == 422
                            ? " (the local stack lets a mailbox be on loopback with"
                                    + " KIT_CAPTURE_MAILBOXES_ALLOWEDNETWORKS=127.0.0.0/8,::1/128)"
                            : ""));
        }
        String id = Bench.field(created.body(), "id");

        // The backfill is done when the mailbox has seen every message and is no longer BACKFILLING.
        JsonNode mailbox = Bench.JSON.readTree(created.body());
        long seen = -1;
        long lastProgress = System.nanoTime();
        long lastPrint = 0;
        while (true) {
            String state = mailbox.path("state").asString();
            long nowSeen = mailbox.path("messagesSeen").asLong();
            if (state.equals("FAILING")) {
                throw new IllegalStateException(
                        "the mailbox is FAILING: " + mailbox.path("lastError").asString());
            }
            if (!state.equals("BACKFILLING") && nowSeen >= messages) {
                break;
            }
            if (nowSeen != seen) {
                seen = nowSeen;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                throw new IllegalStateException("the backfill stalled at " + seen + " messages seen: " + mailbox);
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf(
                        Locale.ROOT,
                        "bench: %s, %,d messages seen, backfill %s%n",
                        state,
                        nowSeen,
                        mailbox.path("backfill").isObject()
                                ? mailbox.path("backfill").path("done").asLong() + " of "
                                        + mailbox.path("backfill").path("total").asLong()
                                : "-");
            }
            Thread.sleep(200);
            HttpResponse<String> read = send("GET", interactions + "/api/mailboxes/" + id, null);
            mailbox = Bench.JSON.readTree(read.body());
        }
        long backfilled = System.nanoTime();

        // Every interaction event of the owner on Kafka, then every relationship showing its last touch.
        awaitEvents(events, expected.interactions());
        Map<String, Instant> pending = new HashMap<>();
        expected.lastTouch().forEach((contact, at) -> pending.put(contactIds.get(contact), at));
        int relationships = pending.size();
        long lastRelationship = awaitRelationships(pending);
        rss.stop();
        events.stop();

        double backfillSeconds = (backfilled - t0) / 1e9;
        double rate = messages / backfillSeconds;
        double eventSeconds = (events.lastAt - t0) / 1e9;
        results.put(
                "backfill through POST /api/mailboxes, until GET shows every message seen and the state past BACKFILLING",
                String.format(
                        Locale.ROOT,
                        "%,.0f messages/s (%,d in %.1f s); %.2f of the ceiling",
                        rate,
                        messages,
                        backfillSeconds,
                        rate / ceilingRate));
        results.put(
                "interactions recorded (interaction.recorded of the owner on Kafka, from the POST to the last)",
                String.format(
                        Locale.ROOT,
                        "%,.0f interactions/s (%,d of %,d expected in %.1f s; the mailbox counts %,d, skipped %s)",
                        events.count.get() / eventSeconds,
                        events.count.get(),
                        expected.interactions(),
                        eventSeconds,
                        mailbox.path("interactionsRecorded").asLong(),
                        mailbox.path("skipped")));
        results.put(
                "last relationship update: every contact's lastTouchAt at reminder-service is its last message",
                String.format(
                        Locale.ROOT,
                        "%.1f s after the POST (%d of %d relationships)",
                        (lastRelationship - t0) / 1e9,
                        relationships - pending.size(),
                        relationships));
        results.put("peak RSS of interaction-service during the backfill", rss.peakMegabytes() + " MB");
    }

    private static void awaitEvents(Bench.EventCounter events, int expected) throws InterruptedException {
        long last = events.count.get();
        long lastChange = System.nanoTime();
        while (events.count.get() < expected && System.nanoTime() - lastChange < STALLED.toNanos()) {
            Thread.sleep(100);
            if (events.count.get() != last) {
                last = events.count.get();
                lastChange = System.nanoTime();
            }
        }
    }

    /** Polls each relationship until its lastTouchAt is the expected one; removes those that are. */
    private long awaitRelationships(Map<String, Instant> pending) throws Exception {
        long lastMatch = System.nanoTime();
        while (!pending.isEmpty() && System.nanoTime() - lastMatch < STALLED.toNanos()) {
            for (Map.Entry<String, Instant> entry : List.copyOf(pending.entrySet())) {
                HttpResponse<String> relationship =
                        send("GET", reminder + "/api/relationships/" + entry.getKey(), null);
                String last = Bench.field(relationship.body(), "lastTouchAt");
                if (relationship.statusCode() == 200
                        && !last.equals("?")
                        && !Instant.parse(last).isBefore(entry.getValue())) {
                    pending.remove(entry.getKey());
                    lastMatch = System.nanoTime();
                }
            }
            Thread.sleep(200);
        }
        return lastMatch;
    }

    private HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The highest resident set size of one process of the local stack, sampled every 200 ms. */
    private static final class RssPeak {
        private final long pid;
        private final AtomicLong peakKb = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread sampler;

        private RssPeak(long pid) {
            this.pid = pid;
        }

        /** The process of this repository's local stack (bench.sh runs from its root) whose command has {@code commandPart}. */
        static RssPeak of(String commandPart) {
            String marker = "-Ddevstack.root=" + Path.of("").toAbsolutePath() + " ";
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(marker))
                    .filter(p -> p.info().commandLine().orElse("").contains(commandPart))
                    .findFirst()
                    .map(p -> new RssPeak(p.pid()))
                    .orElse(new RssPeak(-1));
        }

        void start() {
            sampler = new Thread(() -> {
                Path status = Path.of("/proc", Long.toString(pid), "status");
                while (running.get() && pid > 0) {
                    try {
                        Matcher m = RSS.matcher(Files.readString(status));
                        if (m.find()) {
                            peakKb.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
                        }
                        Thread.sleep(200);
                    } catch (IOException gone) {
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join();
        }

        String peakMegabytes() {
            return pid < 0
                    ? "? (interaction-service of the local stack not found)"
                    : Long.toString(peakKb.get() / 1024);
        }
    }
}
