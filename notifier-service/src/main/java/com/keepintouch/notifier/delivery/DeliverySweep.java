package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.system.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Picks up the deliveries whose time has come and that no instance is attempting: retries at
 * the time the agenda says (every {@code sweep-interval}), and, as a safety net, every pending
 * delivery whose time has passed and whose holder let go or died (every
 * {@code stuck-scan-interval}, and at start-up: a restart always resumes what was left).
 */
@Component
class DeliverySweep extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DeliverySweep.class);

    private final Agenda agenda;
    private final Deliveries deliveries;
    private final Messages messages;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Duration lease;
    private final Duration interval;
    private final Duration stuckScanInterval;
    private final int stuckScanLimit;
    private Instant nextStuckScan = Instant.MIN;

    DeliverySweep(
            Agenda deliveryAgenda,
            Deliveries deliveries,
            Messages messages,
            Dispatcher dispatcher,
            WebhookProperties properties,
            Clock clock) {
        super("delivery-sweep", Duration.ZERO, properties.sweepInterval());
        this.agenda = deliveryAgenda;
        this.deliveries = deliveries;
        this.messages = messages;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.lease = properties.lease();
        this.interval = properties.sweepInterval();
        this.stuckScanInterval = properties.stuckScanInterval();
        this.stuckScanLimit = properties.stuckScanLimit();
    }

    /** What one sweep took up. */
    record Result(int retries, int stuck) {}

    @Override
    protected void runOnce() {
        sweep();
    }

    synchronized Result sweep() {
        Instant now = clock.instant();
        Agenda.Due due = agenda.due(now);
        int retries = 0;
        if (!due.ids().isEmpty()) {
            retries = takeUp(deliveries.find(due.ids()), now);
        }
        agenda.done(due);
        int stuck = 0;
        Instant wall = Instant.now();
        if (!wall.isBefore(nextStuckScan)) {
            nextStuckScan = wall.plus(stuckScanInterval);
            stuck = takeUp(deliveries.stuck(now, stuckScanLimit), now);
            if (stuck > 0) {
                log.info("Stuck deliveries taken up count={}", stuck);
            }
        }
        return new Result(retries, stuck);
    }

    /** Claims the deliveries that are due and free, and queues them; re-files those still held. */
    private int takeUp(List<Delivery> found, Instant now) {
        List<Delivery> claimed = new ArrayList<>();
        Map<String, Instant> later = new LinkedHashMap<>();
        Instant until = now.plus(lease);
        for (Delivery delivery : found) {
            if (delivery.status() != Status.PENDING || delivery.nextAttemptAt() == null) {
                continue;
            }
            if (delivery.nextAttemptAt().isAfter(now)) {
                later.put(delivery.id(), delivery.nextAttemptAt());
                continue;
            }
            if (delivery.leaseUntil() != null && delivery.leaseUntil().isAfter(now)) {
                // Someone holds it: look again when the hold ends, in case its holder died.
                later.put(delivery.id(), delivery.leaseUntil());
                continue;
            }
            deliveries.claim(delivery, now, until).ifPresent(claimed::add);
        }
        agenda.schedule(later);
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<String, Message> bodies = messages.find(Messages.ids(claimed));
        List<Job> jobs = new ArrayList<>(claimed.size());
        for (Delivery delivery : claimed) {
            jobs.add(Job.of(delivery, delivery.messageId().map(bodies::get).orElse(null)));
        }
        dispatcher.submit(jobs);
        return claimed.size();
    }
}
