package com.keepintouch.devstack;

import com.keepintouch.tokens.BearerTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./devstack.sh}: runs the whole system on loopback without Docker, and stops all of it.
 *
 * <p>Commands: {@code up} (default) starts Kafka, the Mongo wire server, GreenMail and the four
 * services, waits until every one is healthy and stays in the foreground; Ctrl-C or SIGTERM stops
 * everything. {@code stop} stops a stack started elsewhere. {@code token} prints a bearer token.
 */
public final class Devstack {

    /** Marks every process started from a checkout (benchmarks find the processes to sample by it). */
    static final String MARKER = "-Ddevstack.root=";

    /**
     * Marks every process of one stack by its data directory, so that {@code stop} finds them even after a
     * crash of the launcher, and never touches another stack of the same checkout (another {@code DEVSTACK_DATA}).
     */
    static final String DATA_MARKER = "-Ddevstack.data=";

    private final Settings settings;
    private final LocalStack stack;
    private volatile boolean stopping;

    private Devstack(Settings settings) {
        this.settings = settings;
        this.stack = new LocalStack(settings, line -> System.out.println("devstack: " + line));
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("devstack.root", "."))
                .toAbsolutePath()
                .normalize();
        String command = args.length == 0 ? "up" : args[0];
        try {
            Settings settings = Settings.fromEnvironment(root);
            switch (command) {
                case "up" -> new Devstack(settings).up();
                case "stop" -> stop(settings);
                case "token" -> System.out.println(token(settings, args));
                case "help", "-h", "--help" -> usage();
                default -> {
                    System.err.println("devstack: unknown command '" + command + "'");
                    usage();
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("devstack: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void usage() {
        System.out.println("""
                usage: ./devstack.sh [up|stop|token|help]
                  up                       start the whole system on loopback (default); Ctrl-C stops it
                  stop                     stop a stack started in another terminal
                  token [--sub ID] [--scope "recruiter ops admin"] [--ttl 12h]
                                           print a bearer token the local services accept
                Environment: KIT_SECURITY_JWTSECRET, DEVSTACK_DATA, DEVSTACK_SERVICE_HEAP, DEVSTACK_MONGO_HEAP,
                DEVSTACK_*_PORT, DEVSTACK_INSTANCES (1 to 4 instances of each service, from 2 behind HAProxy:
                apt-get install haproxy); see docs/configuration.md.""");
    }

    // ---------------------------------------------------------------- up

    private void up() {
        long startedAt = System.nanoTime();
        Path pidFile = settings.data().resolve("devstack.pid");
        Optional<ProcessHandle> running =
                readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (running.isPresent()) {
            throw new IllegalStateException("a stack is already running from " + settings.root() + " (pid "
                    + running.get().pid() + "); stop it with ./devstack.sh stop");
        }
        int orphans = killOrphans(settings);
        if (orphans > 0) {
            System.out.println("devstack: stopped " + orphans + " process(es) left behind by an earlier run");
        }
        checkPortsFree();
        try {
            Files.createDirectories(settings.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(pidFile, Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(pidFile), "devstack-shutdown"));

        try {
            System.out.println("devstack: data in " + settings.data() + ", logs in " + settings.logs());
            stack.startAll();
        } catch (LocalStack.NotReady failure) {
            if (stopping) {
                return; // stopped while starting: the shutdown hook is already stopping everything
            }
            System.err.println("devstack: " + failure.getMessage());
            System.err.println("---- last lines of " + stack.log(failure.name()) + " ----");
            System.err.println(failure.logTail());
            System.exit(1);
        }
        printReady((System.nanoTime() - startedAt) / 1_000_000_000.0);
        watch();
    }

    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        settings.ports().forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(settings.host(), port));
            } catch (IOException e) {
                busy.add("port " + port + " (" + what + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new IllegalStateException("already in use: " + String.join(", ", busy)
                    + ". Stop what holds it (ss -ltnp shows who) or choose other ports with the"
                    + " DEVSTACK_*_PORT variables (docs/configuration.md).");
        }
    }

    /** Stays in the foreground and says so when a process dies; the shutdown hook stops the rest. */
    private void watch() {
        List<String> reported = new ArrayList<>();
        while (!stopping) {
            for (String name : stack.dead()) {
                if (!reported.contains(name) && !stopping) {
                    reported.add(name);
                    System.err.println("devstack: " + name + " exited with code " + stack.exitCode(name) + "; see "
                            + stack.log(name));
                }
            }
            pause(Duration.ofSeconds(1));
        }
    }

    private void shutdown(Path pidFile) {
        stopping = true;
        System.out.println("devstack: stopping");
        stack.close();
        killOrphans(settings);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is recognised as stale on the next start
        }
        System.out.println("devstack: stopped; data kept in " + settings.data());
    }

    private void printReady(double seconds) {
        Map<String, String> urls = new LinkedHashMap<>();
        settings.servicePorts().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> urls.put(e.getKey(), settings.serviceUrl(e.getKey())));
        StringBuilder out = new StringBuilder();
        out.append(System.lineSeparator());
        urls.forEach((service, url) -> {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-20s %s   (health %s/actuator/health, API docs %s/swagger-ui.html)%n",
                    service,
                    url,
                    url,
                    url));
            if (settings.instances() > 1) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-20s through the proxy to %s%n",
                        "",
                        String.join(
                                ", ",
                                settings.instanceNames(service).stream()
                                        .map(instance -> instance + " " + settings.instanceUrl(instance))
                                        .toList())));
            }
        });
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", "kafka", settings.kafkaBootstrap()));
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", "mongodb", settings.mongoUri()));
        out.append(String.format(
                Locale.ROOT,
                "  %-20s smtp %s:%d, imap %s:%d, sent mail: http://%s:%d/api/user/<email>/messages/INBOX%n",
                "greenmail",
                settings.host(),
                settings.smtpPort(),
                settings.host(),
                settings.imapPort(),
                settings.host(),
                settings.mailApiPort()));
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", "logs", settings.logs()));
        out.append(System.lineSeparator());
        out.append("  token: ./devstack.sh token --sub alice --scope recruiter").append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "%ndevstack: ready in %.1f s. Press Ctrl-C to stop.%n", seconds));
        System.out.print(out);
    }

    // ---------------------------------------------------------------- stop and token

    private static void stop(Settings settings) {
        Path pidFile = settings.data().resolve("devstack.pid");
        Optional<ProcessHandle> launcher =
                readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (launcher.isPresent()) {
            System.out.println(
                    "devstack: stopping the stack (pid " + launcher.get().pid() + ")");
            launcher.get().destroy();
            launcher.get()
                    .onExit()
                    .orTimeout(90, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        int orphans = killOrphans(settings);
        System.out.println(
                launcher.isPresent() || orphans > 0
                        ? "devstack: stopped"
                        : "devstack: nothing was running from " + settings.root());
    }

    /** Stops every process a launcher started for this data directory (never a launcher, such as {@code stop} itself). */
    static int killOrphans(Settings settings) {
        String marker = DATA_MARKER + settings.data();
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info()
                        .commandLine()
                        .filter(line -> (line + " ").contains(marker + " ") && !line.contains(Devstack.class.getName()))
                        .isPresent())
                .toList();
        for (ProcessHandle orphan : orphans) {
            System.out.println("devstack: stopping leftover process " + orphan.pid() + " "
                    + orphan.info()
                            .commandLine()
                            .map(c -> c.length() > 120 ? c.substring(0, 120) + "..." : c)
                            .orElse(""));
            orphan.destroy();
        }
        for (ProcessHandle orphan : orphans) {
            orphan.onExit()
                    .orTimeout(30, TimeUnit.SECONDS)
                    .exceptionally(e -> {
                        orphan.destroyForcibly();
                        return null;
                    })
                    .join();
        }
        return orphans.size();
    }

    static String token(Settings settings, String[] args) {
        String subject = "alice";
        String scopes = "recruiter";
        Duration ttl = Duration.ofHours(12);
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--sub" -> subject = required("--sub", value);
                case "--scope" -> scopes = required("--scope", value);
                case "--ttl" -> ttl = parseDuration(required("--ttl", value));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option '" + args[i] + "' (token takes --sub, --scope, --ttl)");
            }
            i++;
        }
        for (String scope : scopes.trim().split("\\s+")) {
            if (!List.of("recruiter", "ops", "admin").contains(scope)) {
                throw new IllegalArgumentException("unknown scope '" + scope + "'; use recruiter, ops or admin");
            }
        }
        Instant now = Instant.now();
        return BearerTokens.sign(settings.jwtSecret(), subject, scopes.trim(), now, now.plus(ttl));
    }

    private static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("--ttl takes minutes, hours or days, e.g. 30m, 12h, 7d");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--ttl takes minutes, hours or days, e.g. 30m, 12h, 7d");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Polls, because {@code onExit()} of a process that is not our child can complete early. */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(Duration.ofMillis(200));
        }
        return true;
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A component that died or never became ready while the stack was starting. */
    private static final class StartupFailure extends Exception {
        private final transient Component component;

        StartupFailure(Component component, String message) {
            super(message);
            this.component = component;
        }
    }
}
