package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.HttpApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A recruiting team logging interactions at a steady rate through {@code POST
 * /api/interactions/batch}, as a well-behaved client does: a batch that fails for a reason
 * waiting can fix (connection refused, 5xx, 503) is sent again, unchanged; its {@code externalId}s
 * make the second send return the interactions the first one recorded.
 */
final class Flow implements AutoCloseable {

    /** One interaction to log. */
    record Touch(String contactId, String type, String direction, Instant at, String externalId) {
        String json() {
            return """
                    {"contactId":"%s","type":"%s","direction":"%s","occurredAt":"%s","externalId":"%s"}""".formatted(contactId, type, direction, at, externalId);
        }
    }

    private final People who;
    private final Queue<List<Touch>> batches = new ConcurrentLinkedQueue<>();
    private final int total;
    private final long nanosPerTouch;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicLong nextSlot = new AtomicLong();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final int workerCount;

    Flow(People who, List<Touch> touches, int perSecond, int batchSize, int workerCount) {
        this.who = who;
        this.total = touches.size();
        this.nanosPerTouch = 1_000_000_000L / perSecond;
        this.workerCount = workerCount;
        for (int i = 0; i < touches.size(); i += batchSize) {
            batches.add(touches.subList(i, Math.min(touches.size(), i + batchSize)));
        }
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread thread = new Thread(r, "flow");
            thread.setDaemon(true);
            return thread;
        });
    }

    Flow start() {
        nextSlot.set(System.nanoTime());
        for (int i = 0; i < workerCount; i++) {
            workers.submit(this::work);
        }
        workers.shutdown();
        return this;
    }

    private void work() {
        List<Touch> batch;
        while ((batch = batches.poll()) != null) {
            long slot = nextSlot.getAndAdd(nanosPerTouch * batch.size());
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(batch);
        }
    }

    private void send(List<Touch> batch) {
        String body = batch.stream().map(Touch::json).collect(Collectors.joining(",", "{\"items\":[", "]}"));
        while (true) {
            try {
                Response response = who.interactions().post("/api/interactions/batch", body);
                if (response.status() == 200) {
                    List<JsonNode> failed = new ArrayList<>();
                    for (JsonNode result : response.json().path("results")) {
                        int status = result.path("status").asInt();
                        if (status >= 500 || status == 404) {
                            failed.add(result); // contact-service down and the contact not yet known, or an outage
                        } else if (status >= 400) {
                            refused.put(batch.get(result.path("index").asInt()).externalId(), result.toString());
                        }
                    }
                    if (failed.isEmpty()) {
                        acknowledged.addAndGet(batch.size());
                        return;
                    }
                }
            } catch (RuntimeException unreachable) {
                // the service is down: try again in a moment, as a client with back-off does
            }
            retries.incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int total() {
        return total;
    }

    int retries() {
        return retries.get();
    }

    /** Interactions the service refused for good (a 4xx that is not a 404): a bug in the test or the service. */
    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /**
     * {@code n} inbound meetings of random {@code contacts}, spread over the last {@code days} days
     * (seeded), so that each relationship's state follows from its latest one.
     */
    static List<Touch> inboundMeetings(List<String> contacts, int n, int days, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<Touch> touches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            touches.add(new Touch(
                    contacts.get(random.nextInt(contacts.size())),
                    "MEETING",
                    "INBOUND",
                    now.minus(random.nextInt(days * 24 * 60), ChronoUnit.MINUTES)
                            .truncatedTo(ChronoUnit.SECONDS),
                    UUID.randomUUID().toString()));
        }
        return touches;
    }

    /**
     * Every relationship of {@code touches} reaches its latest touch within {@code settle}, and has
     * the status a cadence of {@code cadence} days gives it.
     */
    static void assertEveryRelationshipAtItsLatestTouch(People who, List<Touch> touches, int cadence, Duration settle) {
        Map<String, Instant> latest = new HashMap<>();
        touches.forEach(t -> latest.merge(t.contactId(), t.at(), (a, b) -> a.isAfter(b) ? a : b));
        await().atMost(settle).untilAsserted(() -> {
            for (String contact : latest.keySet()) {
                JsonNode state =
                        who.reminders().get("/api/relationships/" + contact).json();
                assertThat(Instant.parse(state.path("lastTouchAt").asString()))
                        .as("last touch of " + contact)
                        .isEqualTo(latest.get(contact));
            }
        });
        Instant now = Instant.now();
        for (String contact : latest.keySet()) {
            Instant due = latest.get(contact).plus(cadence, ChronoUnit.DAYS);
            String expected =
                    now.isBefore(due) ? "OK" : now.isBefore(due.plus(cadence / 2, ChronoUnit.DAYS)) ? "DUE" : "OVERDUE";
            assertThat(who.status(contact)).as("status of " + contact).isEqualTo(expected);
        }
    }
}
