package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.mailbox.Mailbox.State;
import com.keepintouch.interaction.capture.mailbox.MailboxSync.Outcome;
import com.keepintouch.platform.outbox.RelayLeases;
import com.keepintouch.platform.system.PeriodicTask;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which mailboxes this instance syncs, and syncing them. Every {@code scan-interval} it takes the
 * leases of mailboxes nobody holds (a new one, one whose holder died, a FAILING one that is due),
 * up to {@code max-concurrent}; each is then synced by a thread of a bounded pool, round after
 * round, waiting for new mail in between with IDLE where the server offers it, else by polling.
 * When more mailboxes wait than there are threads, each sync gives its place up after a round, so
 * they take turns.
 * A round that fails on the connection is retried with back-off (Resilience4j); after the retries
 * the mailbox is FAILING, given up, and tried again later by whichever instance takes it.
 */
@Component
class MailboxSyncer extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(MailboxSyncer.class);

    private final Mailboxes mailboxes;
    private final MailboxSync sync;
    private final ImapConnector connector;
    private final MailboxSecrets secrets;
    private final MailboxMetrics metrics;
    private final MailboxesProperties properties;
    private final Clock clock;
    private final String holder = RelayLeases.holderName();
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Retry retry;
    private volatile ExecutorService pool;
    private volatile ScheduledExecutorService timer;
    private volatile CountDownLatch stopping = new CountDownLatch(1);
    /** Mailboxes nobody holds wait for a thread of this instance: the syncs take turns. */
    private volatile boolean othersWaiting;

    MailboxSyncer(
            Mailboxes mailboxes,
            MailboxSync sync,
            ImapConnector connector,
            MailboxSecrets secrets,
            MailboxMetrics metrics,
            MailboxesProperties properties,
            Clock clock) {
        super("mailbox-scan", Duration.ZERO, properties.scanInterval());
        this.mailboxes = mailboxes;
        this.sync = sync;
        this.connector = connector;
        this.secrets = secrets;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        this.retry = Retry.of(
                "mailbox-sync",
                RetryConfig.custom()
                        .maxAttempts(properties.retries() + 1)
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                properties.retryBackoff(), properties.retryBackoffMultiplier()))
                        .retryOnException(e -> e instanceof SyncFailure f && f.retryable())
                        .build());
    }

    @Override
    public void start() {
        stopping = new CountDownLatch(1);
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(properties.maxConcurrent(), r -> {
            Thread thread = new Thread(r, "mailbox-sync-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mailbox-idle-timer");
            thread.setDaemon(true);
            return thread;
        });
        super.start();
    }

    /** Stops the scan, then every sync: IDLEs ended, connections closed, leases given up for others to take at once. */
    @Override
    public void stop() {
        super.stop();
        stopping.countDown();
        workers.values().forEach(Worker::interrupt);
        ExecutorService running = pool;
        if (running != null) {
            // no interrupts: each sync ends its batch, gives its lease up and closes its connection
            running.shutdown();
            try {
                if (!running.awaitTermination(properties.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    protected void runOnce() {
        metrics.states(mailboxes.countByState());
        if (stopping.getCount() == 0) {
            return;
        }
        Instant now = clock.instant();
        int free = properties.maxConcurrent() - workers.size();
        if (free <= 0) {
            // every thread busy: if mailboxes wait, each sync gives its place up after its next round
            othersWaiting = !mailboxes.claimable(now, 1).isEmpty();
            return;
        }
        othersWaiting = false;
        for (Mailbox mailbox : mailboxes.claimable(now, free)) {
            take(mailbox, now);
        }
    }

    /**
     * Syncs this mailbox on this instance at once, under the rules of the scan, rather than at the
     * next scan: a mailbox just created, or just resynced. One this instance syncs already ends its
     * wait for new mail and starts its next round; one another instance holds, or one that finds
     * every thread busy, is left to its holder and the scan.
     */
    void offer(String id) {
        if (pool == null || stopping.getCount() == 0) {
            return;
        }
        Worker running = workers.get(id);
        if (running != null) {
            running.wake();
            return;
        }
        if (workers.size() >= properties.maxConcurrent()) {
            return;
        }
        mailboxes.find(id).ifPresent(mailbox -> take(mailbox, clock.instant()));
    }

    /** Takes the mailbox's lease and starts its sync, unless this instance syncs it already or another holds it. */
    private synchronized void take(Mailbox mailbox, Instant now) {
        if (stopping.getCount() == 0
                || workers.containsKey(mailbox.id())
                || !mailboxes.acquire(mailbox.id(), holder, now, now.plus(properties.lease()))) {
            return;
        }
        Worker worker = new Worker(mailbox.id());
        workers.put(mailbox.id(), worker);
        if (mailbox.leaseHolder() != null && !holder.equals(mailbox.leaseHolder())) {
            log.info("Mailbox taken over mailboxId={} holder={} from={}", mailbox.id(), holder, mailbox.leaseHolder());
        } else if (mailbox.leaseUntil() == null) {
            log.info("Mailbox taken mailboxId={} holder={}", mailbox.id(), holder);
        } else {
            // its turn again, after it gave its place up
            log.debug("Mailbox taken mailboxId={} holder={}", mailbox.id(), holder);
        }
        pool.execute(worker);
    }

    /** The name this instance holds leases under. */
    String holder() {
        return holder;
    }

    private boolean stopped() {
        return stopping.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    /** The sync of one mailbox while this instance holds it. */
    private final class Worker implements Runnable {

        private final String id;
        private volatile IMAPStore store;
        private volatile IMAPFolder idling;
        /** Set when the next round should start without waiting for new mail (a resync). */
        private final Semaphore woken = new Semaphore(0);

        Worker(String id) {
            this.id = id;
        }

        @Override
        public void run() {
            boolean keep = false;
            try {
                keep = loop();
            } catch (RuntimeException e) {
                log.warn("Mailbox sync stopped mailboxId={} reason={}", id, e.toString());
            } finally {
                close();
                workers.remove(id);
                if (!keep) {
                    release();
                }
            }
        }

        /** Rounds until the mailbox is lost, FAILING or this instance stops; true when the lease is already settled. */
        private boolean loop() {
            while (!stopped()) {
                Mailbox mailbox = mailboxes.find(id).orElse(null);
                if (mailbox == null || !holder.equals(mailbox.leaseHolder())) {
                    log.info("Mailbox given up mailboxId={} reason={}", id, mailbox == null ? "deleted" : "taken over");
                    return true;
                }
                Outcome outcome;
                Timer.Sample sample = Timer.start();
                try {
                    outcome = retry.executeCallable(() -> round(mailbox));
                } catch (Exception e) {
                    if (stopped()) {
                        return false;
                    }
                    failing(mailbox, connector.failure(e, mailbox.server()));
                    return true;
                }
                sample.stop(metrics.rounds());
                if (outcome == Outcome.LOST) {
                    return true;
                }
                if (outcome == Outcome.STOPPED) {
                    return false;
                }
                if (outcome == Outcome.STALE) {
                    continue;
                }
                if (!mailboxes.synced(id, holder, State.IDLE, clock.instant(), leaseEnd())) {
                    return true;
                }
                if (othersWaiting) {
                    log.debug("Mailbox gives its place up to one that waits mailboxId={}", id);
                    return false;
                }
                waitForMail(mailbox);
            }
            return false;
        }

        private Outcome round(Mailbox mailbox) {
            try {
                if (store == null || !store.isConnected()) {
                    close();
                    store = connector.connect(
                            mailbox.server(), mailbox.username(), mailbox.auth(), secrets.open(mailbox));
                }
                return sync.round(mailbox, store, holder, MailboxSyncer.this::stopped);
            } catch (MessagingException | RuntimeException e) {
                close();
                SyncFailure failure = connector.failure(e, mailbox.server());
                if (!stopped()) {
                    log.info(
                            "Mailbox round failed mailboxId={} kind={} retryable={} reason=\"{}\"",
                            id,
                            failure.kind(),
                            failure.retryable(),
                            failure.sentence());
                }
                throw failure;
            }
        }

        private void failing(Mailbox mailbox, SyncFailure failure) {
            int failures = mailbox.status().failures() + 1;
            long factor = 1L << Math.min(failures - 1, 20);
            Duration wait = properties.failingRetryFirst().multipliedBy(factor);
            if (wait.compareTo(properties.failingRetryMax()) > 0) {
                wait = properties.failingRetryMax();
            }
            Instant next = clock.instant().plus(wait);
            mailboxes.failing(id, holder, failure.sentence(), next, failures);
            metrics.failed(failure.kind());
            log.warn(
                    "Mailbox sync failing mailboxId={} kind={} failures={} nextRetryAt={} reason=\"{}\"",
                    id,
                    failure.kind(),
                    failures,
                    next,
                    failure.sentence());
        }

        /** Until new mail may be there: an IDLE on the inbox, ended after idle-interval; or the poll interval. */
        private void waitForMail(Mailbox mailbox) {
            if (woken.tryAcquire()) {
                woken.drainPermits();
                return;
            }
            IMAPStore connected = store;
            try {
                if (connected != null && connected.isConnected() && connected.hasCapability("IDLE")) {
                    IMAPFolder inbox =
                            (IMAPFolder) connected.getFolder(mailbox.folders().inbox());
                    inbox.open(Folder.READ_ONLY);
                    idling = inbox;
                    ScheduledFuture<?> end = timer.schedule(
                            this::endIdle, properties.idleInterval().toMillis(), TimeUnit.MILLISECONDS);
                    try {
                        if (!stopped()) {
                            inbox.idle(true);
                        }
                    } finally {
                        end.cancel(false);
                        idling = null;
                        if (inbox.isOpen()) {
                            inbox.close(false);
                        }
                    }
                } else {
                    Instant until = clock.instant().plus(properties.pollInterval());
                    Duration slice = properties.lease().dividedBy(3);
                    while (!stopped() && clock.instant().isBefore(until)) {
                        if (woken.tryAcquire(
                                Math.min(
                                        slice.toMillis(),
                                        Duration.between(clock.instant(), until).toMillis() + 1),
                                TimeUnit.MILLISECONDS)) {
                            woken.drainPermits();
                            return;
                        }
                        if (!mailboxes.renew(id, holder, leaseEnd())) {
                            return;
                        }
                    }
                }
            } catch (MessagingException | IllegalStateException e) {
                // the connection broke while waiting: the next round connects again
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Ends the IDLE (the folder sends DONE when another command needs the connection). */
        private void endIdle() {
            IMAPFolder folder = idling;
            if (folder != null) {
                try {
                    folder.doCommand(protocol -> {
                        protocol.simpleCommand("NOOP", null);
                        return null;
                    });
                } catch (MessagingException | IllegalStateException e) {
                    close();
                }
            }
        }

        /** Ends the wait for new mail: this instance stops. */
        void interrupt() {
            wake();
        }

        /** Ends the wait for new mail, or the next one, so the next round starts now. */
        void wake() {
            woken.release();
            endIdle();
        }

        /** Gives the lease up for another instance to take at once; if that fails, it runs out by itself. */
        private void release() {
            try {
                mailboxes.release(id, holder, clock.instant());
                if (stopped()) {
                    log.info("Mailbox released mailboxId={}", id);
                }
            } catch (RuntimeException e) {
                log.info("Mailbox not released, its lease runs out by itself mailboxId={} reason={}", id, e.toString());
            }
        }

        private Instant leaseEnd() {
            return clock.instant().plus(properties.lease());
        }

        private void close() {
            IMAPStore open = store;
            store = null;
            if (open != null) {
                try {
                    open.close();
                } catch (MessagingException e) {
                    // closing a broken connection: nothing left to do
                }
            }
        }
    }
}
