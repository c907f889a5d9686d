package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.Endpoint;
import com.keepintouch.notifier.webhook.EndpointCache;
import com.keepintouch.notifier.webhook.EndpointCache.Target;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Attempts the deliveries this instance holds, in one lane per endpoint (and one for SMTP), so that
 * a slow, failing or dead endpoint never delays another. Each lane has its own Resilience4j
 * bulkhead (attempts in flight), rate limiter and circuit breaker; attempts are asynchronous, so a
 * receiver that hangs holds a permit of its own lane and no thread. Results go to the
 * {@link Recorder}.
 */
@Component
class Dispatcher implements SmartLifecycle {

    static final String EMAIL_LANE = "smtp";
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final EndpointCache endpoints;
    private final ErasedContacts erased;
    private final WebhookSender webhooks;
    private final EmailSender emails;
    private final Recorder recorder;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters;
    private final BulkheadRegistry bulkheads;
    private final Clock clock;
    private final Duration lease;
    private final int maxQueued;
    private final int threads;
    private final Duration rateLimitRetry;
    private final Duration overdueAfter;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** What {@link #awaitRoom} waits on; {@link #dequeued} wakes it. */
    private final Object room = new Object();

    private final AtomicInteger waitingForRoom = new AtomicInteger();

    /** The largest limit a fan-out waits to get below; 0 when none waits. */
    private final AtomicInteger roomBelow = new AtomicInteger();

    private static final long ROOM_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private volatile ScheduledExecutorService pumps;

    Dispatcher(
            EndpointCache endpoints,
            ErasedContacts erased,
            WebhookSender webhooks,
            EmailSender emails,
            Recorder recorder,
            CircuitBreakerRegistry breakers,
            RateLimiterRegistry limiters,
            BulkheadRegistry bulkheads,
            WebhookProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.endpoints = endpoints;
        this.erased = erased;
        this.webhooks = webhooks;
        this.emails = emails;
        this.recorder = recorder;
        this.breakers = breakers;
        this.limiters = limiters;
        this.bulkheads = bulkheads;
        this.clock = clock;
        this.lease = properties.lease();
        this.maxQueued = properties.maxQueued();
        this.threads = properties.dispatcherThreads();
        this.rateLimitRetry = properties.rateLimitRetry();
        this.overdueAfter = properties.overdueAfter();
        Gauge.builder("kit.notifier.queue", queued, AtomicInteger::get)
                .tag("state", "due")
                .description("Deliveries due and waiting in this instance for a permit of their endpoint")
                .register(meters);
        Gauge.builder("kit.notifier.queue", inFlight, AtomicInteger::get)
                .tag("state", "in_flight")
                .description("Attempts in flight from this instance")
                .register(meters);
        Gauge.builder("kit.notifier.queue", this, Dispatcher::overdue)
                .tag("state", "overdue")
                .description(
                        "Deliveries in this instance's queues whose time passed more than kit.webhooks.overdue-after ago")
                .register(meters);
    }

    /** One endpoint's queue and its permits. */
    private final class Lane {
        final String key;
        final ArrayDeque<Job> jobs = new ArrayDeque<>();
        final Bulkhead bulkhead;
        final RateLimiter limiter;
        final CircuitBreaker breaker;
        boolean repumpScheduled;

        Lane(String key) {
            this.key = key;
            this.bulkhead = bulkheads.bulkhead(key);
            this.limiter = limiters.rateLimiter(key);
            this.breaker = breakers.circuitBreaker(key);
        }
    }

    /** Queues jobs this instance holds; each is attempted as soon as its lane has a permit. */
    void submit(List<Job> jobs) {
        for (Job job : jobs) {
            Lane lane = lanes.computeIfAbsent(job.lane(), Lane::new);
            synchronized (lane) {
                if (lane.jobs.size() >= maxQueued) {
                    recorder.record(job, Outcome.deferred("the endpoint's queue is full"));
                    continue;
                }
                lane.jobs.addLast(job);
                queued.incrementAndGet();
            }
        }
        jobs.stream().map(Job::lane).distinct().forEach(key -> pump(lanes.get(key)));
    }

    private void pump(Lane lane) {
        synchronized (lane) {
            Instant now = clock.instant();
            while (!lane.jobs.isEmpty()) {
                Job job = lane.jobs.peekFirst();
                if (!job.heldLongEnough(now, lease)) {
                    // Waited so long (a hanging endpoint) that another instance may soon take it:
                    // let go of it in the database instead of attempting it twice.
                    lane.jobs.pollFirst();
                    dequeued();
                    recorder.record(job, Outcome.deferred("waited for its endpoint until its lease ran low"));
                    continue;
                }
                if (!lane.bulkhead.tryAcquirePermission()) {
                    return; // the completion of an attempt in flight pumps again
                }
                if (!lane.limiter.acquirePermission()) {
                    lane.bulkhead.releasePermission();
                    repumpLater(lane);
                    return;
                }
                lane.jobs.pollFirst();
                dequeued();
                start(lane, job);
            }
        }
    }

    private void repumpLater(Lane lane) {
        if (lane.repumpScheduled || pumps == null) {
            return;
        }
        lane.repumpScheduled = true;
        pumps.schedule(
                () -> {
                    synchronized (lane) {
                        lane.repumpScheduled = false;
                    }
                    pump(lane);
                },
                rateLimitRetry.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void start(Lane lane, Job job) {
        if (aboutErased(job)) {
            // Queued before its contact (or one its digest lists) was erased; the erasure cancelled it
            // in the database already, or removed the digest's body.
            lane.bulkhead.onComplete();
            recorder.record(job, Outcome.abandoned("not sent: the contact was erased"));
            return;
        }
        if (job.bodyRemoved()) {
            lane.bulkhead.onComplete();
            recorder.record(job, Outcome.abandoned("not sent: what it would send was removed"));
            return;
        }
        Optional<Target> target = Optional.empty();
        Optional<String> endpointId = job.delivery().endpointId();
        if (endpointId.isPresent()) {
            target = endpoints.target(endpointId.get());
            if (target.isEmpty() || !target.get().endpoint().enabled()) {
                lane.bulkhead.onComplete();
                recorder.record(job, Outcome.abandoned(target.isEmpty() ? "endpoint deleted" : disabled(target.get())));
                return;
            }
        }
        if (!lane.breaker.tryAcquirePermission()) {
            lane.bulkhead.onComplete();
            recorder.record(job, Outcome.refused("not sent: the circuit is open after repeated failures"));
            return;
        }
        CompletableFuture<Outcome> attempt;
        try {
            attempt = target.isPresent() ? webhooks.send(job, target.get()) : emails.send(job);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.completedFuture(Outcome.refused("not sent: " + e.getMessage()));
        }
        inFlight.incrementAndGet();
        long started = System.nanoTime();
        attempt.whenComplete((outcome, error) -> {
            inFlight.decrementAndGet();
            long nanos = System.nanoTime() - started;
            Outcome result = error != null
                    ? Outcome.failed(null, WebhookSender.describe(error), nanos / 1_000_000, null)
                    : outcome;
            if (result.kind() == Outcome.Kind.DELIVERED) {
                lane.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else if (result.kind() == Outcome.Kind.REFUSED || result.kind() == Outcome.Kind.DEFERRED) {
                lane.breaker.releasePermission();
            } else {
                lane.breaker.onError(nanos, TimeUnit.NANOSECONDS, new AttemptFailed(result.error()));
            }
            lane.bulkhead.onComplete();
            recorder.record(job, result);
            ScheduledExecutorService executor = pumps;
            if (executor != null) {
                executor.execute(() -> pump(lane));
            }
        });
    }

    /**
     * Whether the job is about a contact this instance knows erased: its own contact, or any of
     * those a digest lists (a digest has no contact of its own).
     */
    private boolean aboutErased(Job job) {
        if (erased.knownErased(job.delivery().contactId())) {
            return true;
        }
        return job.delivery().destination() instanceof EmailDestination email
                && email.mentions().stream().anyMatch(erased::knownErased);
    }

    private static String disabled(Target target) {
        Endpoint endpoint = target.endpoint();
        return "endpoint disabled" + (endpoint.disabledReason() == null ? "" : " (" + endpoint.disabledReason() + ")");
    }

    private double overdue() {
        Instant threshold = clock.instant().minus(overdueAfter);
        int count = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                for (Job job : lane.jobs) {
                    if (job.delivery().nextAttemptAt().isBefore(threshold)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** What the dashboard shows per lane: waiting, in flight, circuit. */
    record LaneState(String key, int queued, int inFlight, String circuit) {}

    List<LaneState> lanes() {
        return lanes.values().stream()
                .map(lane -> {
                    synchronized (lane) {
                        return new LaneState(
                                lane.key,
                                lane.jobs.size(),
                                lane.bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                                        - lane.bulkhead.getMetrics().getAvailableConcurrentCalls(),
                                lane.breaker.getState().name());
                    }
                })
                .toList();
    }

    int queued() {
        return queued.get();
    }

    /**
     * Waits, up to {@code patience}, until fewer than {@code limit} jobs are queued here. A lane
     * holds at most {@code kit.webhooks.max-queued} (the rest wait in the database), so an
     * endpoint that hangs cannot hold the callers back on its own.
     */
    void awaitRoom(int limit, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        waitingForRoom.incrementAndGet();
        roomBelow.accumulateAndGet(limit, Math::max);
        try {
            synchronized (room) {
                long left;
                while (queued.get() >= limit && (left = deadline - System.nanoTime()) > 0) {
                    // woken by dequeued(); the bound only covers a wake-up lost to a waiter that just left
                    TimeUnit.NANOSECONDS.timedWait(room, Math.min(left, ROOM_CHECK_NANOS));
                }
            }
        } finally {
            if (waitingForRoom.decrementAndGet() == 0) {
                roomBelow.set(0);
            }
        }
    }

    /**
     * A job left its queue: a fan-out waiting for room is woken once there is room, not on every job
     * (at thousands of jobs a second that would wake it thousands of times to find none).
     */
    private void dequeued() {
        int now = queued.decrementAndGet();
        if (now < roomBelow.get() && waitingForRoom.get() > 0) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }

    /** Why an attempt counts against the circuit; carries no stack trace. */
    static final class AttemptFailed extends RuntimeException {
        AttemptFailed(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void start() {
        pumps = Executors.newScheduledThreadPool(threads, r -> {
            Thread thread = new Thread(r, "dispatcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = pumps;
        pumps = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        int left = queued.get();
        if (left > 0) {
            log.info(
                    "Dispatcher stopped with {} deliveries queued; their leases run out and they are taken again",
                    left);
        }
    }

    @Override
    public boolean isRunning() {
        return pumps != null;
    }

    /** Starts before the consumers that feed it and the sweeps, stops after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 4;
    }
}
