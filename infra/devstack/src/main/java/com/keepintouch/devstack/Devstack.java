package com.keepintouch.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.Uuid;

/**
 * {@code ./devstack.sh}: runs the whole system on loopback without Docker, and stops all of it.
 *
 * <p>Commands: {@code up} (default) starts Kafka, the Mongo wire server, GreenMail and the four
 * services, waits until every one is healthy and stays in the foreground; Ctrl-C or SIGTERM stops
 * everything. {@code stop} stops a stack started elsewhere. {@code token} prints a bearer token.
 */
public final class Devstack {

    /** Marks every process of a stack, so that {@code stop} finds them even after a crash of the launcher. */
    static final String MARKER = "-Ddevstack.root=";

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Settings settings;
    private final List<Component> started = new ArrayList<>();
    private volatile boolean stopping;

    private Devstack(Settings settings) {
        this.settings = settings;
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
                Environment: JWT_SECRET, DEVSTACK_SERVICE_HEAP, DEVSTACK_*_PORT, *_SERVICE_PORT (see README).""");
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
        createDirectories();
        write(pidFile, Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(pidFile), "devstack-shutdown"));

        try {
            System.out.println("devstack: data in " + settings.data() + ", logs in " + settings.logs());
            startAll(List.of(kafka(), mongo(), mail()));
            startAll(services());
        } catch (StartupFailure failure) {
            if (stopping) {
                return; // stopped while starting: the shutdown hook is already stopping everything
            }
            System.err.println("devstack: " + failure.getMessage());
            System.err.println("---- last lines of " + failure.component.log() + " ----");
            System.err.println(failure.component.tail(25));
            System.exit(1);
        } catch (IOException e) {
            System.err.println("devstack: cannot start a process: " + e.getMessage());
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
                    + " DEVSTACK_*_PORT / *_SERVICE_PORT variables (README).");
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(settings.logs());
            Files.createDirectories(settings.data().resolve("kafka"));
            Files.createDirectories(settings.data().resolve("mongo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll(List<Component> components) throws IOException, StartupFailure {
        for (Component component : components) {
            component.start();
            synchronized (started) {
                started.add(component);
            }
            System.out.println("devstack: started " + component.name() + " (pid " + component.pid() + ")");
        }
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        List<Component> waiting = new ArrayList<>(components);
        long t0 = System.nanoTime();
        while (!waiting.isEmpty()) {
            for (Component component : List.copyOf(waiting)) {
                if (!component.isAlive()) {
                    throw new StartupFailure(
                            component,
                            component.name() + " exited with code " + component.exitCode() + " while starting");
                }
                if (component.isReady()) {
                    waiting.remove(component);
                    System.out.printf(
                            Locale.ROOT,
                            "devstack: %s is ready (%.1f s)%n",
                            component.name(),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new StartupFailure(
                        waiting.get(0),
                        waiting.get(0).name() + " was not ready within " + HEALTH_TIMEOUT.toSeconds() + " s");
            }
            pause(Duration.ofMillis(250));
        }
    }

    /** Stays in the foreground and says so when a process dies; the shutdown hook stops the rest. */
    private void watch() {
        List<Component> reported = new ArrayList<>();
        while (!stopping) {
            synchronized (started) {
                for (Component component : started) {
                    if (!component.isAlive() && !reported.contains(component) && !stopping) {
                        reported.add(component);
                        System.err.println("devstack: " + component.name() + " exited with code " + component.exitCode()
                                + "; see " + component.log());
                    }
                }
            }
            pause(Duration.ofSeconds(1));
        }
    }

    private void shutdown(Path pidFile) {
        stopping = true;
        List<Component> components;
        synchronized (started) {
            components = new ArrayList<>(started);
        }
        if (!components.isEmpty()) {
            System.out.println("devstack: stopping " + components.size() + " processes");
        }
        // Services first (in parallel), then the infrastructure they were using, Kafka last.
        List<Thread> stoppers = new ArrayList<>();
        for (Component component : components) {
            if (component.name().endsWith("-service")) {
                Thread stopper = new Thread(component::stop);
                stopper.start();
                stoppers.add(stopper);
            }
        }
        stoppers.forEach(Devstack::join);
        for (int i = components.size() - 1; i >= 0; i--) {
            if (!components.get(i).name().endsWith("-service")) {
                components.get(i).stop();
            }
        }
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
        urls.forEach((service, url) -> out.append(String.format(
                Locale.ROOT,
                "  %-20s %s   (health %s/actuator/health, API docs %s/swagger-ui.html)%n",
                service,
                url,
                url,
                url)));
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

    // ---------------------------------------------------------------- components

    private Component kafka() throws IOException {
        Path dir = settings.data().resolve("kafka");
        Path properties = dir.resolve("server.properties");
        Path logConfig = dir.resolve("log4j2.properties");
        Path dataDir = dir.resolve("data");
        write(
                properties,
                String.join(
                        System.lineSeparator(),
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@" + settings.host() + ":" + settings.kafkaControllerPort(),
                        "listeners=PLAINTEXT://" + settings.host() + ":" + settings.kafkaPort() + ",CONTROLLER://"
                                + settings.host() + ":" + settings.kafkaControllerPort(),
                        "advertised.listeners=PLAINTEXT://" + settings.kafkaBootstrap(),
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + dataDir,
                        "num.partitions=6",
                        "auto.create.topics.enable=false",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        ""));
        write(
                logConfig,
                String.join(
                        System.lineSeparator(),
                        "status = warn",
                        "appender.out.type = Console",
                        "appender.out.name = OUT",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = WARN",
                        "rootLogger.appenderRef.out.ref = OUT",
                        "logger.kafka.name = kafka.server.KafkaRaftServer",
                        "logger.kafka.level = INFO",
                        ""));
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(properties);
        }
        List<String> command = javaCommand("512m");
        command.addAll(List.of(
                "-Dlog4j2.configurationFile=" + logConfig,
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                properties.toString()));
        return new Component(
                "kafka",
                command,
                Map.of(),
                settings.logs().resolve("kafka.log"),
                portOpen(settings.kafkaPort()),
                Duration.ofSeconds(30));
    }

    private void format(Path properties) throws IOException {
        System.out.println("devstack: formatting the Kafka log directory (first start)");
        List<String> command = javaCommand("256m");
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"),
                "kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", properties.toString()));
        Path log = settings.logs().resolve("kafka-format.log");
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage");
        }
    }

    private Component mongo() {
        List<String> command = javaCommand("384m");
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                MongoWireServer.class.getName(),
                settings.data().resolve("mongo").resolve("data.mv").toString(),
                settings.host(),
                Integer.toString(settings.mongoPort())));
        return new Component(
                "mongo",
                command,
                Map.of(),
                settings.logs().resolve("mongo.log"),
                portOpen(settings.mongoPort()),
                Duration.ofSeconds(30));
    }

    private Component mail() {
        Path jar = settings.root().resolve("infra/devstack/target/greenmail/greenmail-standalone.jar");
        List<String> command = javaCommand("128m");
        command.addAll(List.of(
                "-Dgreenmail.smtp.hostname=" + settings.host(),
                "-Dgreenmail.smtp.port=" + settings.smtpPort(),
                "-Dgreenmail.imap.hostname=" + settings.host(),
                "-Dgreenmail.imap.port=" + settings.imapPort(),
                "-Dgreenmail.api.hostname=" + settings.host(),
                "-Dgreenmail.api.port=" + settings.mailApiPort(),
                "-Dgreenmail.auth.disabled",
                "-jar",
                jar.toString()));
        return new Component(
                "greenmail",
                command,
                Map.of(),
                settings.logs().resolve("greenmail.log"),
                httpOk("http://" + settings.host() + ":" + settings.mailApiPort() + "/api/service/readiness"),
                Duration.ofSeconds(10));
    }

    private List<Component> services() {
        List<Component> services = new ArrayList<>();
        settings.servicePorts().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(entry -> {
                    String service = entry.getKey();
                    Path jar =
                            settings.root().resolve(service).resolve("target").resolve(service + ".jar");
                    if (!Files.exists(jar)) {
                        throw new IllegalStateException(jar + " is missing; run ./devstack.sh again to build it");
                    }
                    Map<String, String> env = new LinkedHashMap<>();
                    env.put("SERVER_PORT", Integer.toString(entry.getValue()));
                    env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
                    env.put("MONGODB_URI", settings.mongoUri());
                    env.put("JWT_SECRET", settings.jwtSecret());
                    env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
                    env.put("CONTACT_SERVICE_URL", settings.serviceUrl("contact-service"));
                    env.put("SPRING_MAIL_HOST", settings.host());
                    env.put("SPRING_MAIL_PORT", Integer.toString(settings.smtpPort()));
                    // Only this local stack may call webhook receivers on loopback (SSRF allow-list).
                    env.put("KIT_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128");
                    List<String> command = javaCommand(settings.serviceHeap());
                    command.addAll(List.of(
                            "-XX:+UseSerialGC", "-Xss512k", "-XX:MaxMetaspaceSize=192m", "-jar", jar.toString()));
                    services.add(new Component(
                            service,
                            command,
                            env,
                            settings.logs().resolve(service + ".log"),
                            healthUp(settings.serviceUrl(service) + "/actuator/health"),
                            Duration.ofSeconds(30)));
                });
        return services;
    }

    private List<String> javaCommand(String heap) {
        List<String> command = new ArrayList<>();
        command.add(settings.java());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add(MARKER + settings.root());
        return command;
    }

    // ---------------------------------------------------------------- readiness

    private BooleanSupplier portOpen(int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(settings.host(), port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static BooleanSupplier httpOk(String url) {
        return () -> get(url).map(response -> response.statusCode() == 200).orElse(false);
    }

    private static BooleanSupplier healthUp(String url) {
        return () -> get(url).map(response ->
                        response.statusCode() == 200 && response.body().contains("\"status\":\"UP\""))
                .orElse(false);
    }

    private static Optional<HttpResponse<String>> get(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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

    /** Stops every process a launcher started for this root (never a launcher, such as {@code stop} itself). */
    static int killOrphans(Settings settings) {
        String marker = MARKER + settings.root();
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
        return Tokens.sign(settings.jwtSecret(), subject, scopes.trim(), ttl);
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
