package com.keepintouch.platform.outbox;

import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.tracing.TraceContexts;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes the events waiting in aggregate documents to Kafka, in order per document, and
 * removes each one only after the broker acknowledged it (idempotent producer, {@code acks=all}).
 *
 * <p>Writes of this process are announced with {@link #enqueue} and published at once by {@code _id}
 * lookups, whose cost does not grow with the collection (the Mongo wire server of the local stack
 * ignores secondary indexes, so a query on {@code outboxPendingSince} scans). The lease holder also
 * scans every source at start and every {@code full-scan-interval} for events nobody announced: those
 * of a crashed process, or of another instance.
 *
 * <p>A crash at any point loses nothing: an event is either still pending, and published again,
 * or acknowledged. The worst case is a duplicate, which consumers ignore by {@code sequence}.
 * When a send fails, only the acknowledged prefix of a document's events is removed, so a later
 * event is never published before an earlier one of the same aggregate.
 *
 * <p>Each event is published in a producer span that continues the trace it was staged in, and
 * carries that span's {@code traceparent} header to its consumers.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final List<OutboxSource> sources;
    private final KafkaTemplate<String, String> kafka;
    private final RelayLease lease;
    private final OutboxProperties properties;
    private final Clock clock;
    private final TraceContexts traces;
    private final Semaphore wakeUps = new Semaphore(0);
    private final java.util.concurrent.ConcurrentLinkedQueue<Announced> announced =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long nextFullScan;
    private final Counter published;
    private final AtomicLong oldestPendingMillis = new AtomicLong();

    private volatile boolean running;
    private volatile Thread worker;
    private boolean failing;

    public OutboxRelay(
            List<OutboxSource> sources,
            KafkaTemplate<String, String> kafka,
            RelayLease lease,
            OutboxProperties properties,
            Clock clock,
            MeterRegistry meters,
            TraceContexts traces) {
        this.sources = List.copyOf(sources);
        this.traces = traces;
        this.kafka = kafka;
        this.lease = lease;
        this.properties = properties;
        this.clock = clock;
        this.published = Counter.builder("kit.outbox.published")
                .description("Events the outbox relay published and the broker acknowledged")
                .register(meters);
        meters.gauge("kit.outbox.oldest.pending.seconds", oldestPendingMillis, millis -> millis.get() / 1000.0);
        sources.forEach(OutboxSource::createIndex);
    }

    /** Asks the relay to look for pending events now instead of at its next poll. */
    public void wakeUp() {
        wakeUps.release();
    }

    /** Announces documents of {@code source} that this process just gave pending events; they are published at once. */
    public void enqueue(OutboxSource source, java.util.Collection<?> ids) {
        ids.forEach(id -> announced.add(new Announced(source, id)));
        wakeUp();
    }

    public void enqueue(OutboxSource source, Object id) {
        enqueue(source, List.of(id));
    }

    private record Announced(OutboxSource source, Object id) {}

    @Override
    public synchronized void start() {
        if (running || !properties.enabled()) {
            return;
        }
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
        log.info(
                "Outbox relay started sources={} holder={}",
                sources.stream().map(OutboxSource::name).toList(),
                lease.holder());
    }

    /**
     * Stops after the batch in flight, waiting at most a few seconds: a worker stuck on a broker
     * or database that is gone is interrupted, its events stay pending for the next start.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeUp();
        Thread stopping = worker;
        try {
            stopping.join(STOP_GRACE.toMillis());
            if (stopping.isAlive()) {
                stopping.interrupt();
                stopping.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping.isAlive()) {
            releaseLease();
        }
        log.info("Outbox relay stopped");
    }

    private void releaseLease() {
        try {
            lease.release();
        } catch (RuntimeException e) {
            log.info("Outbox relay lease not released, it expires by itself error=\"{}\"", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server and listeners have stopped taking work, before Kafka and Mongo close. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void run() {
        nextFullScan = System.nanoTime();
        while (running) {
            boolean busy = false;
            try {
                busy = relayAnnounced();
                if (System.nanoTime() - nextFullScan >= 0) {
                    if (lease.acquire()) {
                        boolean more = false;
                        for (OutboxSource source : sources) {
                            more |= relayBatch(source, Filters.exists(Outbox.PENDING_EVENT_IDS))
                                    == properties.batchSize();
                        }
                        // a scan that filled a batch continues at once; else it waits for the next interval
                        nextFullScan = more
                                ? System.nanoTime()
                                : System.nanoTime()
                                        + properties.fullScanInterval().toNanos();
                        busy |= more;
                    } else {
                        // another instance holds it: ask again once it could have expired, not at every wake-up
                        nextFullScan = System.nanoTime()
                                + Math.min(
                                        properties.leaseDuration().toNanos(),
                                        properties.fullScanInterval().toNanos());
                    }
                }
                if (failing) {
                    log.info("Outbox relay publishing again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    log.warn("Outbox relay cannot publish now, will retry error=\"{}\"", e.getMessage());
                    failing = true;
                }
                nextFullScan = System.nanoTime(); // announced documents that failed are found by the next scan
                busy = false;
            }
            if (!busy) {
                awaitWakeUp();
            }
        }
    }

    /** Publishes the documents announced by this process, a batch per source; true if more are waiting. */
    private boolean relayAnnounced() {
        java.util.Map<OutboxSource, java.util.Set<Object>> bySource = new java.util.LinkedHashMap<>();
        Announced next;
        int taken = 0;
        while (taken < properties.batchSize() && (next = announced.poll()) != null) {
            bySource.computeIfAbsent(next.source(), s -> new java.util.LinkedHashSet<>())
                    .add(next.id());
            taken++;
        }
        for (var entry : bySource.entrySet()) {
            // _id alone, so the lookup uses the _id index also on the Mongo wire server
            relayBatch(entry.getKey(), Filters.in("_id", entry.getValue()));
        }
        return !announced.isEmpty();
    }

    private void awaitWakeUp() {
        try {
            wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Publishes one batch of the documents of one source that match {@code filter}; returns how many it read. */
    int relayBatch(OutboxSource source, Bson filter) {
        List<Document> documents = source.collection()
                .find(filter)
                .limit(properties.batchSize())
                .projection(Projections.include(Outbox.PENDING_EVENTS, Outbox.PENDING_SINCE))
                .into(new ArrayList<>());
        documents.removeIf(
                d -> d.getList(Outbox.PENDING_EVENTS, Document.class, List.of()).isEmpty());
        if (documents.isEmpty()) {
            oldestPendingMillis.set(0);
            return 0;
        }
        Date oldest = documents.get(0).getDate(Outbox.PENDING_SINCE);
        oldestPendingMillis.set(
                oldest == null
                        ? 0
                        : Duration.between(oldest.toInstant(), clock.instant()).toMillis());

        List<InFlight> inFlight = new ArrayList<>(documents.size());
        for (Document document : documents) {
            List<StagedEvent> events = document.getList(Outbox.PENDING_EVENTS, Document.class, List.of()).stream()
                    .map(StagedEventDocuments.MAPPER::fromDocument)
                    .toList();
            List<CompletableFuture<SendResult<String, String>>> sends =
                    events.stream().map(this::publish).toList();
            inFlight.add(new InFlight(document.get("_id"), events, sends));
        }

        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        List<WriteModel<Document>> acknowledgements = new ArrayList<>();
        RuntimeException firstFailure = null;
        for (InFlight flight : inFlight) {
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < flight.events().size(); i++) {
                try {
                    flight.sends().get(i).get(remaining(deadline), TimeUnit.MILLISECONDS);
                    acknowledged.add(flight.events().get(i).id());
                } catch (ExecutionException | TimeoutException e) {
                    firstFailure = firstFailure != null
                            ? firstFailure
                            : new IllegalStateException(
                                    "publishing " + flight.events().get(i).type() + " failed: " + rootMessage(e));
                    break; // keep this event and every later one of the document, in order
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    firstFailure = new IllegalStateException("interrupted");
                    break;
                }
            }
            if (!acknowledged.isEmpty()) {
                // Removes only what the broker acknowledged: events appended meanwhile stay. Filtered by
                // _id alone (index-friendly everywhere); the pending-since hint goes with the last event read.
                Bson pull = Updates.pullByFilter(
                        new Document(Outbox.PENDING_EVENTS, Filters.in(StagedEventDocuments.ID, acknowledged)));
                acknowledgements.add(new UpdateOneModel<>(
                        Filters.eq("_id", flight.id()),
                        acknowledged.size() == flight.events().size()
                                ? Updates.combine(pull, Updates.unset(Outbox.PENDING_SINCE))
                                : pull));
                published.increment(acknowledged.size());
            }
        }
        if (!acknowledgements.isEmpty()) {
            source.collection().bulkWrite(acknowledgements);
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        return documents.size();
    }

    /** Sends one event in a producer span of its trace; the span ends with the broker's answer. */
    private CompletableFuture<SendResult<String, String>> publish(StagedEvent event) {
        Span span = traces.start(event.traceparent(), event.topic() + " publish", Span.Kind.PRODUCER)
                .tag("messaging.destination.name", event.topic())
                .tag("messaging.message.id", event.id());
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
        String traceparent = traces.traceparent(span);
        if (traceparent != null) {
            record.headers().add(TraceContexts.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<SendResult<String, String>> sent;
        try {
            sent = kafka.send(record);
        } catch (RuntimeException e) {
            span.error(e).end();
            throw e;
        }
        sent.whenComplete((result, error) -> {
            if (error != null) {
                span.error(error);
            }
            span.end();
        });
        return sent;
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private record InFlight(
            Object id, List<StagedEvent> events, List<CompletableFuture<SendResult<String, String>>> sends) {}
}
