package com.keepintouch.notifier.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what is added to one writer, in batches of at most {@code batchSize}, on one thread of a
 * scheduled executor: an addition wakes it at once, and whatever arrives while a batch is written
 * makes the next one. Items live only here until written, so a batch whose write fails is written
 * again after a wait that doubles up to {@code retryMax}: an outage is waited out, nothing dropped.
 */
final class Batches<T> {

    private static final Logger log = LoggerFactory.getLogger(Batches.class);

    private final String name;
    private final String what;
    private final int batchSize;
    private final Duration retryFirst;
    private final Duration retryMax;
    private final Consumer<List<T>> writer;
    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object idle = new Object();
    private volatile ScheduledExecutorService executor;

    /**
     * @param name the name of its thread
     * @param what what the items are, for the log line of a failed write
     */
    Batches(String name, String what, int batchSize, Duration retryFirst, Duration retryMax, Consumer<List<T>> writer) {
        this.name = name;
        this.what = what;
        this.batchSize = batchSize;
        this.retryFirst = retryFirst;
        this.retryMax = retryMax;
        this.writer = writer;
    }

    void add(T item) {
        queue.add(item);
        wake();
    }

    /** Items waiting for their batch (not those being written). */
    int backlog() {
        return queue.size();
    }

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        wake();
    }

    /** Goes on writing what is waiting, and what still arrives, for up to {@code patience}; then stops. */
    void stop(Duration patience) {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (idle) {
            long left;
            while ((draining.get() || !queue.isEmpty()) && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        executor = null;
        running.shutdownNow(); // what is left is attempted again after its lease
    }

    boolean isRunning() {
        return executor != null;
    }

    private void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && draining.compareAndSet(false, true)) {
            try {
                running.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                draining.set(false); // stopping: the items wait in the database, their leases run out
            }
        }
    }

    private void drain() {
        List<T> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            if (!write(batch, retryFirst)) {
                return; // written again later; the drain goes on from there
            }
            batch = new ArrayList<>(batchSize);
        }
        draining.set(false);
        if (!queue.isEmpty()) {
            wake(); // added after the last drainTo, before the flag was down
        }
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** Writes one batch; on failure schedules it again after {@code wait} and answers false. */
    private boolean write(List<T> batch, Duration wait) {
        try {
            writer.accept(batch);
            return true;
        } catch (RuntimeException e) {
            log.warn("Writing {} {} failed, retrying in {} ms: {}", batch.size(), name, wait.toMillis(), e.toString());
            Duration next = wait.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : wait.multipliedBy(2);
            ScheduledExecutorService running = executor;
            if (running == null) {
                return false; // stopped: what is not written is attempted again after its lease
            }
            try {
                running.schedule(
                        () -> {
                            if (write(batch, next)) {
                                drain();
                            }
                        },
                        wait.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                draining.set(false);
            }
            return false;
        }
    }
}
