package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Transition;
import com.keepintouch.notifier.domain.DeliveryPolicy;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.EndpointHealth;
import com.keepintouch.platform.agenda.Agenda;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records what attempts came to, in batches ({@code kit.webhooks.record-batch-size} per bulk
 * write): each outcome goes through {@link Delivery#after}, its event is published
 * ({@link OutcomeEvents}, acknowledged before the write), the new states are stored
 * ({@link Deliveries}), retries are filed in the agenda, and each endpoint's latest outcome keeps
 * its health ({@link EndpointHealth}).
 *
 * <p>Publishing before the write is what makes this safe without an outbox in the delivery: if
 * the process dies between the two, the delivery is still pending, is attempted again after its
 * lease, and its event is published again with the same {@code sequence}, which consumers drop. One
 * write per attempt instead of three is what lets thousands of deliveries a second through.
 */
@Component
class Recorder implements SmartLifecycle {

    /** How long a stopping service goes on writing the outcomes it still holds. */
    static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    record Result(Job job, Outcome outcome) {}

    private final Deliveries deliveries;
    private final OutcomeEvents events;
    private final DeliveryMetrics metrics;
    private final EndpointHealth health;
    private final Agenda agenda;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Duration lease;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Batches<Result> results;

    Recorder(
            Deliveries deliveries,
            OutcomeEvents events,
            DeliveryMetrics metrics,
            EndpointHealth health,
            Agenda deliveryAgenda,
            WebhookProperties properties,
            Clock clock) {
        this.deliveries = deliveries;
        this.events = events;
        this.metrics = metrics;
        this.health = health;
        this.agenda = deliveryAgenda;
        this.policy = new DeliveryPolicy(properties.schedule(), properties.deferFor(), properties.attemptLogSize());
        this.clock = clock;
        this.lease = properties.lease();
        this.results = new Batches<>(
                "delivery-recorder",
                "delivery results",
                properties.recordBatchSize(),
                properties.recordRetryFirst(),
                properties.recordRetryMax(),
                this::write);
    }

    void record(Job job, Outcome outcome) {
        results.add(new Result(job, outcome));
    }

    /** Outcomes not yet written. */
    int backlog() {
        return results.backlog();
    }

    void write(List<Result> batch) {
        Instant now = clock.instant();
        List<Transition> transitions = new ArrayList<>(batch.size());
        Map<String, Instant> retries = new LinkedHashMap<>();
        Map<String, Outcome.Kind> lastPerEndpoint = new LinkedHashMap<>();
        for (Result result : batch) {
            Delivery delivery = result.job().delivery();
            Outcome outcome = result.outcome();
            Transition transition = delivery.after(outcome, now, policy, random);
            transitions.add(transition);
            metrics.recorded(result.job(), outcome, transition);
            transition.nextAttemptAt().ifPresent(next -> retries.put(delivery.id(), next));
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
            if (outcome.attempted()) {
                delivery.endpointId().ifPresent(endpointId -> lastPerEndpoint.put(endpointId, outcome.kind()));
            }
        }
        // An email is never sent twice: its hold is extended before the broker is waited for, so a slow
        // broker never lets another instance take it over. A webhook repeated carries its webhook-id.
        List<Delivery> emails = batch.stream()
                .map(r -> r.job().delivery())
                .filter(d -> d.channel() == Delivery.Channel.EMAIL)
                .toList();
        deliveries.hold(emails, now.plus(lease));
        try {
            events.publish(transitions);
            deliveries.record(transitions, policy.logSize());
        } catch (RuntimeException e) {
            holdWhileUnrecorded(batch);
            throw e; // the batch is written again later
        }
        agenda.schedule(retries);
        lastPerEndpoint.forEach((endpointId, kind) -> health.attempted(endpointId, kind, now));
    }

    /**
     * Keeps the deliveries of a batch that could not be written held by this instance: their
     * attempts were made (an email sent), and another instance that took them over after their
     * lease would make them again.
     */
    private void holdWhileUnrecorded(List<Result> batch) {
        try {
            deliveries.hold(
                    batch.stream().map(r -> r.job().delivery()).toList(),
                    clock.instant().plus(lease));
        } catch (RuntimeException e) {
            log.info("Deliveries not held while their outcomes wait error=\"{}\"", e.getMessage());
        }
    }

    @Override
    public void start() {
        results.start();
    }

    @Override
    public void stop() {
        results.stop(STOP_PATIENCE);
    }

    @Override
    public boolean isRunning() {
        return results.isRunning();
    }

    /** Starts before the dispatcher that feeds it, stops after it: results in memory are written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 3;
    }
}
