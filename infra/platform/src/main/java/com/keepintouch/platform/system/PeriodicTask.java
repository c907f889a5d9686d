package com.keepintouch.platform.system;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work a service does again and again (a sweep, a reload), on a thread of its own, started and
 * stopped with the application. A run that fails is logged as one line and tried again at the next
 * interval; it never stops the schedule.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    protected PeriodicTask(String name, Duration initialDelay, Duration interval) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run; a {@link RuntimeException} is logged and the next run comes at the next interval. */
    protected abstract void runOnce();

    @Override
    public void start() {
        ScheduledExecutorService scheduled = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        scheduled.scheduleWithFixedDelay(
                this::runQuietly, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = scheduled;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("{} failed, trying again in {}: {}", name, interval, e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
