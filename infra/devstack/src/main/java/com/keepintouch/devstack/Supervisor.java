package com.keepintouch.devstack;

import com.keepintouch.devstack.StackStatus.State;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps every process of a running stack up: one that dies is started again after its {@link
 * RestartBackOff}, and waited for until it is ready while the others stay watched; a restart asked
 * for ({@code ./devstack.sh restart}) stops the process gracefully and starts it at once. Runs on
 * the launcher's main thread ({@link #run}), one {@link #tick} every 500 ms, and publishes a {@link
 * StackStatus} on every change. Once {@link #stop} is called it starts nothing more.
 */
final class Supervisor {

    static final Duration TICK = Duration.ofMillis(500);

    /** A process the supervisor keeps up ({@link Component}). */
    interface Child {
        String name();

        void start() throws IOException;

        boolean isAlive();

        boolean isReady();

        /** The exit code of a process that is gone, {@code -} while it runs. */
        String exitStatus();

        long pid();

        Instant startedAt();

        Probe probe();

        Duration stopGrace();

        /** SIGTERM, without waiting. */
        void terminate();

        /** SIGKILL, and waits until it is gone. */
        void kill();
    }

    private final Clock clock;
    private final Duration readyTimeout;
    private final Consumer<String> log;
    private final Consumer<StackStatus> publish;
    private final Supplier<List<String>> restartRequests;
    private final Map<String, Supervised> supervised = new LinkedHashMap<>();
    private final Object lock = new Object();
    private volatile boolean stopping;

    Supervisor(
            Clock clock,
            Duration readyTimeout,
            Consumer<String> log,
            Consumer<StackStatus> publish,
            Supplier<List<String>> restartRequests) {
        this.clock = clock;
        this.readyTimeout = readyTimeout;
        this.log = log;
        this.publish = publish;
        this.restartRequests = restartRequests;
    }

    /** Takes these running, ready processes under supervision; false if the stack is stopping already. */
    boolean supervise(List<? extends Child> children) {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            Instant now = clock.instant();
            for (Child child : children) {
                supervised.put(child.name(), new Supervised(child, now));
            }
            publish();
            return true;
        }
    }

    /** Supervises until {@link #stop}. */
    void run() {
        while (!stopping) {
            tick();
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * From now on nothing is started again; a start under way when this is called has completed, so
     * that whoever stops the processes next finds it. Publishes the stack as stopping.
     */
    void stop() {
        synchronized (lock) {
            stopping = true;
            publish();
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** One round: take restart requests, then look at each process once. */
    void tick() {
        if (stopping) {
            return;
        }
        boolean changed = false;
        for (String name : restartRequests.get()) {
            changed |= requested(name);
        }
        for (Supervised process : supervised.values()) {
            if (stopping) {
                return;
            }
            changed |= look(process, clock.instant());
        }
        if (changed) {
            publish();
        }
    }

    private boolean requested(String name) {
        Supervised process = supervised.get(name);
        if (process == null) {
            log.accept(
                    "ignoring a restart request for " + name + ", which is not a process of this stack; choose one of "
                            + String.join(", ", supervised.keySet()));
            return false;
        }
        Instant now = clock.instant();
        switch (process.state) {
            case UP, STARTING -> {
                process.requested++;
                log.accept("restarting " + process.name() + " on request (pid " + process.child.pid() + ")");
                process.child.terminate();
                process.state = State.STOPPING;
                process.stopAskedAt = now;
            }
            case RESTARTING -> {
                process.requested++;
                log.accept("restarting " + process.name() + " on request, without waiting for its back-off");
                start(process, now);
            }
            case STOPPING -> {
                return false; // already under way
            }
        }
        return true;
    }

    private boolean look(Supervised process, Instant now) {
        Child child = process.child;
        switch (process.state) {
            case UP -> {
                if (!child.isAlive()) {
                    died(process, now, "");
                    return true;
                }
                return false;
            }
            case STARTING -> {
                if (!child.isAlive()) {
                    died(process, now, " while starting");
                    return true;
                }
                if (child.isReady()) {
                    process.state = State.UP;
                    process.readyAt = now;
                    log.accept(String.format(
                            Locale.ROOT,
                            "%s is up again (pid %d, ready in %.1f s)",
                            process.name(),
                            child.pid(),
                            Duration.between(process.startedAt, now).toMillis() / 1000.0));
                    return true;
                }
                if (Duration.between(process.startedAt, now).compareTo(readyTimeout) > 0) {
                    log.accept(process.name() + " was not ready within " + readyTimeout.toSeconds() + " s; killing it");
                    child.kill();
                    died(process, now, " while starting");
                    return true;
                }
                return false;
            }
            case RESTARTING -> {
                if (!now.isBefore(process.restartAt)) {
                    start(process, now);
                    return true;
                }
                return false;
            }
            case STOPPING -> {
                if (!child.isAlive()) {
                    start(process, now);
                    return true;
                }
                if (Duration.between(process.stopAskedAt, now).compareTo(child.stopGrace()) > 0) {
                    log.accept(process.name() + " did not stop within "
                            + child.stopGrace().toSeconds() + " s, killing it");
                    child.kill();
                    start(process, now);
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    private void died(Supervised process, Instant now, String when) {
        Duration ran = Duration.between(process.startedAt, now);
        Duration up = process.readyAt == null ? Duration.ZERO : Duration.between(process.readyAt, now);
        Duration delay = process.backOff.afterDeath(up);
        process.restarts++;
        process.state = State.RESTARTING;
        process.restartAt = now.plus(delay);
        process.readyAt = null;
        log.accept(process.name() + " exited with code " + process.child.exitStatus() + when + " after "
                + StatusReport.brief(ran) + "; restarting in " + delay.toSeconds() + " s (restart "
                + process.restarts + ")");
    }

    private void start(Supervised process, Instant now) {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            try {
                process.child.start();
            } catch (IOException e) {
                Duration delay = process.backOff.afterDeath(Duration.ZERO);
                process.state = State.RESTARTING;
                process.restartAt = now.plus(delay);
                log.accept("cannot start " + process.name() + ": " + e.getMessage() + "; trying again in "
                        + delay.toSeconds() + " s");
                return;
            }
            process.state = State.STARTING;
            process.startedAt = now;
            process.readyAt = null;
            process.restartAt = null;
        }
    }

    private void publish() {
        List<StackStatus.Process> processes = new ArrayList<>();
        for (Supervised process : supervised.values()) {
            processes.add(new StackStatus.Process(
                    process.name(),
                    process.child.pid(),
                    process.state,
                    process.child.startedAt(),
                    process.restartAt,
                    process.restarts,
                    process.requested,
                    process.child.probe().toString()));
        }
        publish.accept(new StackStatus(ProcessHandle.current().pid(), stopping, processes));
    }

    /** The supervisor's view of one process. */
    private static final class Supervised {
        final Child child;
        final RestartBackOff backOff = new RestartBackOff();
        State state = State.UP;
        Instant startedAt;
        Instant readyAt;
        Instant restartAt;
        Instant stopAskedAt;
        int restarts;
        int requested;

        Supervised(Child child, Instant now) {
            this.child = child;
            this.startedAt = child.startedAt() == null ? now : child.startedAt();
            this.readyAt = now;
        }

        String name() {
            return child.name();
        }
    }
}
