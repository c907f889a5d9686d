package com.keepintouch.notifier.email;

import com.keepintouch.notifier.delivery.Delivery;
import com.keepintouch.notifier.delivery.DeliveryService;
import com.keepintouch.notifier.domain.DigestPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends each person's digest once per period, at their hour in their time zone. The digest is a
 * delivery whose id is made of the person and the period, stored before the period is marked
 * handled: a second instance, or this one after a crash, finds it stored and sends nothing.
 */
@Component
class DigestScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);

    private final Preferences preferences;
    private final RelationshipStates states;
    private final EmailTemplates templates;
    private final DeliveryService deliveries;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    DigestScheduler(
            Preferences preferences,
            RelationshipStates states,
            EmailTemplates templates,
            DeliveryService deliveries,
            EmailProperties properties) {
        this.preferences = preferences;
        this.states = states;
        this.templates = templates;
        this.deliveries = deliveries;
        this.interval = properties.digestCheckInterval();
    }

    /** Sends the digests that are due; how many were sent. */
    synchronized int run() {
        preferences.reload();
        Instant now = deliveries.now();
        int sent = 0;
        for (Preference preference : preferences.all()) {
            Optional<DigestPeriod> period = preference.latestPeriod(now);
            if (period.isEmpty() || period.get().key().equals(preference.lastDigest()) || preference.email() == null) {
                continue;
            }
            String key = period.get().key();
            List<RelationshipState> due = states.needingAttention(preference.ownerId());
            if (!due.isEmpty()) {
                Delivery digest = Delivery.email(
                        "digest:" + key,
                        preference.ownerId(),
                        null,
                        "digest:" + preference.ownerId() + ":" + key,
                        "digest",
                        templates.digest(preference.email(), key, preference.timezone(), due),
                        now,
                        deliveries.leaseFromNow());
                int created = deliveries.deliver(List.of(), List.of(digest));
                if (created == 1) {
                    sent++;
                    log.info(
                            "Digest sent ownerId={} period={} relationships={}", preference.ownerId(), key, due.size());
                }
            }
            preferences.markDigest(preference.ownerId(), preference.lastDigest(), key);
        }
        return sent;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "digests");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        run();
                    } catch (RuntimeException e) {
                        log.warn("Digest run failed, retrying in {}: {}", interval, e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
