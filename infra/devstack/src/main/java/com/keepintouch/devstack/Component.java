package com.keepintouch.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One process of the stack: how to start it, where it logs, and how to tell it is ready. */
final class Component implements Supervisor.Child {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final Probe ready;
    private final Duration stopGrace;
    // Started by the launcher's main thread (or the supervisor on it), stopped by its shutdown hook.
    private volatile Process process;
    private volatile Instant startedAt;

    Component(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path log,
            Probe ready,
            Duration stopGrace) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.ready = ready;
        this.stopGrace = stopGrace;
    }

    @Override
    public String name() {
        return name;
    }

    Path log() {
        return log;
    }

    @Override
    public void start() throws IOException {
        List<String> full = new ArrayList<>();
        // Its own session: Ctrl-C reaches only the launcher, which stops the stack in order.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        startedAt = Instant.now();
    }

    @Override
    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public String exitStatus() {
        Process current = process;
        return current == null || current.isAlive() ? "-" : Integer.toString(current.exitValue());
    }

    @Override
    public boolean isReady() {
        return isAlive() && ready.getAsBoolean();
    }

    @Override
    public Probe probe() {
        return ready;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Duration stopGrace() {
        return stopGrace;
    }

    /** SIGTERM to it and its children, without waiting: the supervisor watches it go. */
    @Override
    public void terminate() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.descendants().forEach(ProcessHandle::destroy);
            current.destroy();
        }
    }

    /** SIGTERM, then SIGKILL for whatever is still running after the grace period. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println(
                        "devstack: " + name + " did not stop within " + stopGrace.toSeconds() + " s, killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL, and waits until it is gone. */
    @Override
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of its log, to show why it failed. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
