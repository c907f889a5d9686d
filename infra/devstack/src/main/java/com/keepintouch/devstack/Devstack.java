package com.keepintouch.devstack;

import com.keepintouch.tokens.BearerTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./devstack.sh}: runs the whole system on loopback without Docker, and stops all of it.
 *
 * <p>Commands: {@code up} (default) starts Kafka, the Mongo wire server, GreenMail and the four
 * services, waits until every one is healthy and stays in the foreground, where its {@link
 * Supervisor} starts again whatever dies; Ctrl-C or SIGTERM stops everything. {@code status} prints
 * the running stack's processes, {@code restart NAME} restarts one, {@code stop} stops a stack
 * started elsewhere (all three through {@link StackFiles}). {@code token} prints a bearer token.
 */
public final class Devstack {

    /** Marks every process started from a checkout (benchmarks find the processes to sample by it). */
    static final String MARKER = "-Ddevstack.root=";

    /**
     * Marks every process of one stack by its data directory, so that {@code stop} finds them even after a
     * crash of the launcher, and never touches another stack of the same checkout (another {@code DEVSTACK_DATA}).
     */
    static final String DATA_MARKER = "-Ddevstack.data=";

    /** Graceful stop (at most 30 s), then a start that may take as long as a first one. */
    private static final Duration RESTART_TIMEOUT =
            Duration.ofSeconds(30).plus(LocalStack.READY_TIMEOUT).plusSeconds(30);

    /** The owner the banner shows the capture address of: the default {@code --sub} of {@code token}. */
    static final String DEV_OWNER = "alice";

    private final Settings settings;
    private final StackFiles files;
    private final LauncherLog log;
    private final LocalStack stack;
    private final Supervisor supervisor;
    private volatile boolean stopping;

    private Devstack(Settings settings) {
        this.settings = settings;
        this.files = new StackFiles(settings.data());
        this.log = new LauncherLog(settings.logs());
        this.stack = new LocalStack(settings, log);
        this.supervisor = new Supervisor(
                Clock.systemUTC(), LocalStack.READY_TIMEOUT, log, files::writeStatus, files::takeRestartRequests);
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
                case "status" -> System.exit(status(settings));
                case "restart" -> System.exit(restart(settings, args));
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
                usage: ./devstack.sh [up|status|restart NAME|stop|token|help]
                  up                       start the whole system on loopback (default) and keep it up: a process
                                           that dies is started again (after 1 s, doubling up to 30 s); Ctrl-C stops it
                  status                   each process of the running stack: pid, uptime, restarts, health
                                           (exit code 0 all UP, 1 not all UP, 3 no stack runs)
                  restart NAME             stop one process of the running stack gracefully, start it, wait until ready
                  stop                     stop a stack started in another terminal
                  token [--sub ID] [--scope "recruiter ops admin"] [--ttl 12h]
                                           print a bearer token the local services accept
                Environment: KIT_SECURITY_JWTSECRET, DEVSTACK_DATA, DEVSTACK_SERVICE_HEAP, DEVSTACK_MONGO_HEAP,
                DEVSTACK_GREENMAIL_HEAP, DEVSTACK_*_PORT, DEVSTACK_INSTANCES (1 to 4 instances of each service, from 2 behind HAProxy:
                apt-get install haproxy); see docs/configuration.md.""");
    }

    // ---------------------------------------------------------------- up

    private void up() {
        long startedAt = System.nanoTime();
        Optional<ProcessHandle> running = files.runningLauncher();
        if (running.isPresent()) {
            throw new IllegalStateException("a stack is already running from " + settings.root() + " (pid "
                    + running.get().pid() + "); stop it with ./devstack.sh stop");
        }
        int orphans = killOrphans(settings);
        if (orphans > 0) {
            System.out.println("devstack: stopped " + orphans + " process(es) left behind by an earlier run");
        }
        checkPortsFree();
        files.claim(ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "devstack-shutdown"));

        try {
            log.accept("data in " + settings.data() + ", logs in " + settings.logs());
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
        if (supervisor.supervise(
                stack.processes().stream().map(stack::component).toList())) {
            supervisor.run();
        }
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

    /** The supervisor first, so that it starts nothing the stack is stopping; then every process. */
    private void shutdown() {
        stopping = true;
        supervisor.stop();
        log.accept("stopping");
        stack.close();
        killOrphans(settings);
        files.release();
        log.accept("stopped; data kept in " + settings.data());
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
        out.append(captureLine(settings, captureAddress(settings, DEV_OWNER)));
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", "logs", settings.logs()));
        out.append(System.lineSeparator());
        out.append("  token: ./devstack.sh token --sub alice --scope recruiter").append(System.lineSeparator());
        out.append("  status: ./devstack.sh status    restart one: ./devstack.sh restart NAME")
                .append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "%ndevstack: ready in %.1f s. Press Ctrl-C to stop.%n", seconds));
        System.out.print(out);
    }

    /**
     * The banner's line about the capture address: {@code owner}'s address to BCC and the SMTP port
     * it is taken on, or, when the address could not be read, the port and how to ask for one's own.
     */
    static String captureLine(Settings settings, Optional<String> address) {
        String smtp = "SMTP " + settings.host() + ":" + settings.captureSmtpPort();
        String ask = "curl -H \"Authorization: Bearer $TOKEN\" " + settings.serviceUrl(Settings.CAPTURE_SMTP_SERVICE)
                + "/api/capture/address";
        return address.map(a -> String.format(
                        Locale.ROOT, "  %-20s BCC %s via %s (%s's; yours: %s)%n", "capture", a, smtp, DEV_OWNER, ask))
                .orElseGet(() -> String.format(
                        Locale.ROOT, "  %-20s %s takes mail for capture addresses; yours: %s%n", "capture", smtp, ask));
    }

    /** {@code owner}'s capture address, asked of interaction-service with a token of the owner; empty if it does not answer. */
    static Optional<String> captureAddress(Settings settings, String owner) {
        Instant now = Instant.now();
        String token =
                BearerTokens.sign(settings.jwtSecret(), owner, "recruiter", now, now.plus(Duration.ofMinutes(5)));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(settings.serviceUrl(Settings.CAPTURE_SMTP_SERVICE) + "/api/capture/address"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JsonMapper.builder()
                            .build()
                            .readTree(response.body())
                            .path("address")
                            .asString())
                    .filter(address -> !address.isBlank());
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- status and restart

    /** Prints the running stack's processes; 0 when all are UP, 1 when not, 3 when no stack runs. */
    static int status(Settings settings) {
        StackFiles files = new StackFiles(settings.data());
        Optional<ProcessHandle> launcher = files.runningLauncher();
        if (launcher.isEmpty()) {
            System.out.println(notRunning(settings, files));
            return 3;
        }
        Optional<StackStatus> status =
                files.readStatus().filter(s -> s.launcher() == launcher.get().pid());
        if (status.isEmpty()) {
            System.out.println("devstack: the stack of " + settings.root() + " (launcher pid "
                    + launcher.get().pid() + ") is starting; its processes are listed once all are ready");
            return 1;
        }
        Map<String, StatusReport.Live> live = new LinkedHashMap<>();
        for (StackStatus.Process process : status.get().processes()) {
            boolean alive = ProcessHandle.of(process.pid())
                    .filter(ProcessHandle::isAlive)
                    .isPresent();
            live.put(
                    process.name(),
                    new StatusReport.Live(
                            alive, alive && Probe.of(process.probe()).getAsBoolean()));
        }
        Instant now = Instant.now();
        System.out.println("devstack: " + (status.get().stopping() ? "stopping" : "running") + " from "
                + settings.root() + " (launcher pid " + launcher.get().pid() + "), logs in " + settings.logs());
        System.out.print(StatusReport.table(status.get(), live, now));
        return StatusReport.allUp(status.get(), live, now) ? 0 : 1;
    }

    /** Asks the running launcher to restart one process and waits until it is up again; 0 when it is. */
    static int restart(Settings settings, String[] args) {
        StackFiles files = new StackFiles(settings.data());
        Optional<ProcessHandle> launcher = files.runningLauncher();
        if (launcher.isEmpty()) {
            System.err.println(notRunning(settings, files));
            return 3;
        }
        StackStatus status = files.readStatus()
                .filter(s -> s.launcher() == launcher.get().pid())
                .orElseThrow(() -> new IllegalStateException(
                        "the stack is still starting; ask again once ./devstack.sh status lists its processes"));
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "restart takes the name of one process: ./devstack.sh restart NAME, NAME one of "
                            + String.join(", ", status.names()));
        }
        String name = args[1];
        StackStatus.Process before = status.process(name)
                .orElseThrow(() -> new IllegalArgumentException("no process called '" + name
                        + "' in the stack; choose one of " + String.join(", ", status.names())));
        files.requestRestart(name);
        System.out.println("devstack: restarting " + name + " (pid " + before.pid() + ")");
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            pause(Supervisor.TICK);
            if (!launcher.get().isAlive()) {
                System.err.println(
                        "devstack: the launcher (pid " + launcher.get().pid() + ") is gone");
                return 3;
            }
            Optional<StackStatus.Process> now = files.readStatus().flatMap(s -> s.process(name));
            if (now.isPresent()
                    && now.get().requested() > before.requested()
                    && now.get().state() == StackStatus.State.UP) {
                System.out.println(
                        "devstack: " + name + " is up again (pid " + now.get().pid() + ")");
                return 0;
            }
        }
        System.err.println("devstack: " + name + " is not up again after " + RESTART_TIMEOUT.toSeconds() + " s; see "
                + settings.logs().resolve(name + ".log"));
        return 1;
    }

    private static String notRunning(Settings settings, StackFiles files) {
        String message = "devstack: no stack is running from " + settings.root() + " (data in " + settings.data() + ")";
        if (Files.exists(files.statusFile()) || Files.exists(files.pidFile())) {
            message += "; the launcher"
                    + files.recordedLauncher().map(pid -> " (pid " + pid + ")").orElse("")
                    + " that left its state there is gone: ./devstack.sh stop stops what it left running";
        }
        return message;
    }

    // ---------------------------------------------------------------- stop and token

    private static void stop(Settings settings) {
        StackFiles files = new StackFiles(settings.data());
        Optional<ProcessHandle> launcher = files.runningLauncher();
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
        if (files.runningLauncher().isEmpty()) {
            files.release(); // what a launcher killed with SIGKILL left behind
        }
        System.out.println(
                launcher.isPresent() || orphans > 0
                        ? "devstack: stopped"
                        : "devstack: nothing was running from " + settings.root());
    }

    /** Stops every process a launcher started for this data directory (never a launcher, such as {@code stop} itself). */
    static int killOrphans(Settings settings) {
        String marker = DATA_MARKER + settings.data();
        // HAProxy takes no JVM option: it is known by the configuration file of this data directory.
        String proxyConfig = " -f " + settings.data().resolve("proxy").resolve("haproxy.cfg");
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info()
                        .commandLine()
                        .filter(line ->
                                ((line + " ").contains(marker + " ") || (line + " ").contains(proxyConfig + " "))
                                        && !line.contains(Devstack.class.getName()))
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
        String subject = DEV_OWNER;
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
