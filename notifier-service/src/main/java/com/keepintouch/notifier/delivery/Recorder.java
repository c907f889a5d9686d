package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Transition;
import com.keepintouch.notifier.domain.DeliveryEvent;
import com.keepintouch.notifier.domain.DeliveryPolicy;
import com.keepintouch.notifier.domain.EndpointDisabled;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointCache;
import com.keepintouch.notifier.webhook.Endpoints;
import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes what attempts came to, in batches (one bulk write for up to
 * {@code kit.webhooks.record-batch-size} results):
 * delivered, retried at the time the schedule says (filed in the agenda), or failed. It also
 * keeps each endpoint's failing streak, and disables an endpoint that answers 410 or has failed for
 * {@code kit.webhooks.disable-after}.
 *
 * <p>{@code notification.delivered|failed} are published <em>before</em> the write that records the
 * outcome, and the write waits for the broker's acknowledgement: if the process dies between the
 * two, the delivery is still pending, is attempted again after its lease, and its event is published
 * again with the same {@code sequence} (the delivery's next version), which consumers drop. So every
 * outcome leaves as an event at least once without an outbox in the delivery document: one write
 * per attempt instead of three, which is what lets thousands of deliveries a second through.
 */
@Component
class Recorder implements SmartLifecycle {

    static final String TOPIC = "notifications.v1";

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    record Result(Job job, Outcome outcome) {}

    private final Deliveries deliveries;
    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final Agenda agenda;
    private final DeliveryPolicy policy;
    private final EndpointCache cache;
    private final Endpoints endpoints;
    private final Duration disableAfter;
    private final int batchSize;
    private final Duration retryFirst;
    private final Duration retryMax;
    private final Duration publishTimeout;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
    private final Map<String, Instant> failingHere = new ConcurrentHashMap<>();
    private volatile Thread worker;
    private volatile boolean running;

    Recorder(
            Deliveries deliveries,
            Outbox outbox,
            KafkaTemplate<String, String> kafka,
            Agenda deliveryAgenda,
            EndpointCache cache,
            Endpoints endpoints,
            WebhookProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.kafka = kafka;
        this.agenda = deliveryAgenda;
        this.policy = new DeliveryPolicy(properties.schedule(), properties.deferFor(), properties.attemptLogSize());
        this.cache = cache;
        this.endpoints = endpoints;
        this.disableAfter = properties.disableAfter();
        this.batchSize = properties.recordBatchSize();
        this.retryFirst = properties.recordRetryFirst();
        this.retryMax = properties.recordRetryMax();
        this.publishTimeout = properties.outcomePublishTimeout();
        this.clock = clock;
        this.meters = meters;
    }

    void record(Job job, Outcome outcome) {
        results.add(new Result(job, outcome));
    }

    int backlog() {
        return results.size();
    }

    private void run() {
        List<Result> batch = new ArrayList<>(batchSize);
        while (running || !results.isEmpty()) {
            try {
                Result first = results.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                results.drainTo(batch, batchSize - 1);
                writeUntilDone(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
        }
    }

    /** Results live only here until written: a database outage is waited out, not dropped. */
    private void writeUntilDone(List<Result> batch) throws InterruptedException {
        long backoff = retryFirst.toMillis();
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "Recording {} delivery results failed, retrying in {} ms: {}",
                        batch.size(),
                        backoff,
                        e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, retryMax.toMillis());
            }
        }
    }

    void write(List<Result> batch) {
        Instant now = clock.instant();
        List<Transition> transitions = new ArrayList<>(batch.size());
        List<StagedEvent> events = new ArrayList<>();
        Map<String, Instant> retries = new LinkedHashMap<>();
        Map<String, Result> lastPerEndpoint = new LinkedHashMap<>();
        for (Result result : batch) {
            Delivery delivery = result.job().delivery();
            Outcome outcome = result.outcome();
            Transition transition = delivery.after(outcome, now, policy, random);
            transitions.add(transition);
            if (outcome.attempted()) {
                Timer.builder("kit.notifier.attempt.latency")
                        .description("Time of one delivery attempt")
                        .tags(
                                "channel",
                                delivery.channel().name(),
                                "endpoint",
                                result.job().lane())
                        .tag("result", outcome.kind() == Outcome.Kind.DELIVERED ? "success" : "failure")
                        .publishPercentileHistogram()
                        .register(meters)
                        .record(outcome.latencyMs(), TimeUnit.MILLISECONDS);
            }
            transition.nextAttemptAt().ifPresent(next -> retries.put(delivery.id(), next));
            transition.event().ifPresent(event -> events.add(staged(event, transition.after())));
            if (transition.result() == Delivery.Result.FAILED && outcome.kind() != Outcome.Kind.ABANDONED) {
                // Abandoned ones (their endpoint was disabled or deleted) were told of once, with the endpoint.
                log.warn(
                        "Delivery failed deliveryId={} channel={} endpointId={} attempts={} lastError=\"{}\"",
                        delivery.id(),
                        delivery.channel(),
                        delivery.endpointId().orElse(null),
                        transition.after().attempts(),
                        outcome.error());
            }
            meters.counter(
                            "kit.notifier.deliveries",
                            "channel",
                            delivery.channel().name(),
                            "endpoint",
                            result.job().lane(),
                            "outcome",
                            transition.result().name().toLowerCase(Locale.ROOT))
                    .increment();
            if (outcome.attempted()) {
                delivery.endpointId().ifPresent(endpointId -> lastPerEndpoint.put(endpointId, result));
            }
        }
        publish(events);
        deliveries.record(transitions, policy.logSize());
        agenda.schedule(retries);
        lastPerEndpoint.forEach((endpointId, result) -> health(endpointId, result.outcome(), now));
    }

    /** Publishes the outcomes' events and waits for the broker; a failure fails the batch, which is written again. */
    private void publish(List<StagedEvent> events) {
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (StagedEvent event : events) {
            sends.add(kafka.send(event.topic(), event.key(), event.payload()));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("publishing delivery outcomes failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing delivery outcomes", e);
        }
    }

    /** The event in its envelope: keyed by the delivery, its sequence the delivery's version after the outcome. */
    private StagedEvent staged(DeliveryEvent event, Delivery after) {
        return outbox.event(TOPIC, event.type(), event.deliveryId(), event.ownerId(), after.version(), event);
    }

    /** Keeps the endpoint's failing streak; disables it after 410 or when the streak is long enough. */
    private void health(String endpointId, Outcome outcome, Instant now) {
        Optional<Endpoint> known = cache.target(endpointId).map(EndpointCache.Target::endpoint);
        if (known.isEmpty() || !known.get().enabled()) {
            return;
        }
        Endpoint endpoint = known.get();
        try {
            if (outcome.kind() == Outcome.Kind.DELIVERED) {
                if (endpoint.failingSince() != null || failingHere.remove(endpointId) != null) {
                    endpoints.markHealthy(endpointId);
                }
                return;
            }
            if (outcome.kind() == Outcome.Kind.GONE) {
                disable(endpoint, EndpointDisabled.GONE, "The endpoint answered 410 Gone", now);
                return;
            }
            Instant since = endpoint.failingSince() != null ? endpoint.failingSince() : failingHere.get(endpointId);
            if (since == null) {
                endpoints.markFailing(endpointId, now);
                failingHere.put(endpointId, now);
            } else if (!since.plus(disableAfter).isAfter(now)) {
                disable(endpoint, EndpointDisabled.FAILING, "Every attempt failed since " + since, now);
            }
        } catch (RuntimeException e) {
            log.warn("Keeping the health of endpoint {} failed: {}", endpointId, e.toString());
        }
    }

    private void disable(Endpoint endpoint, String reason, String detail, Instant now) {
        if (endpoints.disable(endpoint, reason, detail, now)) {
            failingHere.remove(endpoint.id());
            log.warn(
                    "Webhook endpoint disabled endpointId={} ownerId={} reason={} detail=\"{}\"",
                    endpoint.id(),
                    endpoint.ownerId(),
                    reason,
                    detail);
            cache.reload();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::run, "delivery-recorder");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Starts before the dispatcher that feeds it, stops after it: results in memory are written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 3;
    }
}
