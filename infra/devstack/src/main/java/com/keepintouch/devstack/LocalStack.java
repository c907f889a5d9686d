package com.keepintouch.devstack;

import com.keepintouch.broker.BrokerSettings;
import com.keepintouch.tokens.BearerTokens;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;

/**
 * The processes of the whole system on loopback: the Kafka broker (KRaft), the Mongo wire server,
 * GreenMail and the four services, each a process of its own with its log in {@link
 * Settings#logs()}. {@code ./devstack.sh} runs one in the foreground; the system tests run one each
 * and kill, stop and restart its processes one at a time.
 *
 * <p>With {@link Settings#instances()} above 1, each service runs that many times ({@code
 * contact-service-1}, {@code contact-service-2}, ...) behind {@value #PROXY}: HAProxy, with one
 * frontend per service on the service's usual port, so that {@link Settings#serviceUrl} stays the
 * one address of a service, for clients and for the services calling each other.
 */
public final class LocalStack implements AutoCloseable {

    /** The infrastructure, in start order. */
    /** The embedded MongoDB holds its data on the heap: about 290 MB per 100,000 interactions with their indexes. */
    static final String DEFAULT_MONGO_HEAP = "3g";

    /**
     * GreenMail keeps every message on its heap: room for the 20,000 of {@code ./bench.sh capture}
     * (about 250 MB), which 128 MB could not hold.
     */
    static final String DEFAULT_GREENMAIL_HEAP = "512m";

    public static final List<String> INFRASTRUCTURE = List.of("kafka", "mongo", "greenmail");

    /** The services, in start order. */
    public static final List<String> SERVICES =
            List.of("contact-service", "interaction-service", "reminder-service", "notifier-service");

    /** The reverse proxy in front of the instances of each service, when they run several times. */
    public static final String PROXY = "proxy";

    /** Where Debian's {@code haproxy} package installs it; otherwise it is looked for on the PATH. */
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Settings settings;
    private final Consumer<String> progress;
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final List<String> started = new ArrayList<>();

    public LocalStack(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Settings settings() {
        return settings;
    }

    /** Starts the infrastructure, then the services, and waits until every one is ready. */
    public void startAll() {
        try {
            Files.createDirectories(settings.logs());
            Files.createDirectories(settings.data().resolve("kafka"));
            Files.createDirectories(settings.data().resolve("mongo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (settings.instances() == 1) {
            start(INFRASTRUCTURE);
            start(SERVICES);
            return;
        }
        haproxy(); // before anything starts: without it there is no stack of several instances
        start(INFRASTRUCTURE);
        start(PROXY);
        // One instance of every service at a time: eight JVMs starting at once on 2 cores would all be late.
        for (int k = 1; k <= settings.instances(); k++) {
            int instance = k;
            start(SERVICES.stream()
                    .map(service -> settings.instanceName(service, instance))
                    .toList());
        }
    }

    /** The processes of {@code service}: itself, or its instances when it runs several times. */
    public List<String> instances(String service) {
        return settings.instanceNames(service);
    }

    /** The names of every process this stack started, in the order they first started. */
    public List<String> processes() {
        synchronized (started) {
            return List.copyOf(started);
        }
    }

    /** Starts these processes (again) and waits until each is ready; {@link NotReady} if one is not. */
    public void start(List<String> names) {
        List<Component> starting = new ArrayList<>();
        for (String name : names) {
            Component component = component(name);
            try {
                component.start();
            } catch (IOException e) {
                throw new NotReady(name, "cannot start " + name + ": " + e.getMessage(), "");
            }
            synchronized (started) {
                if (!started.contains(name)) {
                    started.add(name);
                }
            }
            starting.add(component);
            progress.accept("started " + name + " (pid " + component.pid() + ")");
        }
        awaitReady(starting);
    }

    public void start(String name) {
        start(List.of(name));
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye. */
    public void kill(String name) {
        Component component = component(name);
        component.kill();
        progress.accept("killed " + name);
    }

    /** SIGTERM, and SIGKILL after the grace period. */
    public void stop(String name) {
        component(name).stop();
        progress.accept("stopped " + name);
    }

    public boolean isAlive(String name) {
        return components.containsKey(name) && components.get(name).isAlive();
    }

    public long pid(String name) {
        return component(name).pid();
    }

    public Path log(String name) {
        return settings.logs().resolve(name + ".log");
    }

    /** A bearer token the services of this stack accept. */
    public String token(String subject, String scopes, Duration lifetime) {
        Instant now = Instant.now();
        return BearerTokens.sign(settings.jwtSecret(), subject, scopes, now, now.plus(lifetime));
    }

    /** Services first (in parallel), then the infrastructure they were using, Kafka last. */
    @Override
    public void close() {
        List<String> names;
        synchronized (started) {
            names = new ArrayList<>(started);
        }
        List<Thread> stoppers = new ArrayList<>();
        for (String name : names) {
            if (isService(name)) {
                Thread stopper = new Thread(components.get(name)::stop, "stop-" + name);
                stopper.start();
                stoppers.add(stopper);
            }
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            if (!isService(names.get(i))) {
                components.get(names.get(i)).stop();
            }
        }
    }

    private boolean isService(String name) {
        return SERVICES.stream().anyMatch(service -> instances(service).contains(name));
    }

    Component component(String name) {
        return components.computeIfAbsent(name, this::create);
    }

    private Component create(String name) {
        try {
            return switch (name) {
                case "kafka" -> kafka();
                case "mongo" -> mongo();
                case "greenmail" -> mail();
                default -> {
                    if (name.equals(PROXY) && settings.instances() > 1) {
                        yield proxy();
                    }
                    for (String service : SERVICES) {
                        int k = instances(service).indexOf(name);
                        if (k >= 0) {
                            yield service(service, k + 1);
                        }
                    }
                    throw new IllegalArgumentException("no process called " + name + " in the stack"
                            + (settings.instances() > 1 && SERVICES.contains(name)
                                    ? "; its instances are " + String.join(", ", instances(name))
                                    : ""));
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(List<Component> components) {
        long t0 = System.nanoTime();
        long deadline = t0 + READY_TIMEOUT.toNanos();
        List<Component> waiting = new ArrayList<>(components);
        while (!waiting.isEmpty()) {
            for (Component component : List.copyOf(waiting)) {
                if (!component.isAlive()) {
                    throw new NotReady(
                            component.name(),
                            component.name() + " exited with code " + component.exitCode() + " while starting",
                            component.tail(25));
                }
                if (component.isReady()) {
                    waiting.remove(component);
                    progress.accept(String.format(
                            Locale.ROOT, "%s is ready (%.1f s)", component.name(), (System.nanoTime() - t0) / 1e9));
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                Component late = waiting.get(0);
                throw new NotReady(
                        late.name(),
                        late.name() + " was not ready within " + READY_TIMEOUT.toSeconds() + " s",
                        late.tail(25));
            }
            pause(Duration.ofMillis(250));
        }
    }

    private Component kafka() throws IOException {
        Path dir = settings.data().resolve("kafka");
        Path properties = dir.resolve("server.properties");
        Path logConfig = dir.resolve("log4j2.properties");
        Path dataDir = dir.resolve("data");
        Map<String, String> server = new LinkedHashMap<>(BrokerSettings.singleNode());
        // This machine's own: loopback addresses on the ports of Settings, and the data directory.
        server.put("controller.quorum.voters", "1@" + settings.host() + ":" + settings.kafkaControllerPort());
        server.put(
                "listeners",
                "PLAINTEXT://" + settings.host() + ":" + settings.kafkaPort() + ",CONTROLLER://" + settings.host() + ":"
                        + settings.kafkaControllerPort());
        server.put("advertised.listeners", "PLAINTEXT://" + settings.kafkaBootstrap());
        server.put("log.dirs", dataDir.toString());
        // Only here (compose and the tests keep Kafka's 1): it counts for a topic made by hand alone,
        // since the services create theirs with their own count (KAFKA_PARTITIONS).
        server.put("num.partitions", "6");
        server.putAll(BrokerSettings.everyBroker());
        List<String> lines = new ArrayList<>();
        server.forEach((key, value) -> lines.add(key + "=" + value));
        lines.add("");
        write(properties, String.join(System.lineSeparator(), lines));
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
                settings.classpath(),
                "kafka.Kafka",
                properties.toString()));
        return new Component(
                "kafka", command, Map.of(), log("kafka"), portOpen(settings.kafkaPort()), Duration.ofSeconds(30));
    }

    private void format(Path properties) throws IOException {
        System.out.println("devstack: formatting the Kafka log directory (first start)");
        List<String> command = javaCommand("256m");
        command.addAll(List.of(
                "-cp", settings.classpath(),
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
        // The wire server keeps the data on its heap (its journal makes it durable): room for a few
        // hundred thousand documents, as a long benchmark run leaves behind.
        List<String> command = javaCommand(System.getenv().getOrDefault("DEVSTACK_MONGO_HEAP", DEFAULT_MONGO_HEAP));
        command.addAll(List.of(
                "-cp",
                settings.classpath(),
                MongoWireServer.class.getName(),
                settings.data().resolve("mongo").toString(),
                settings.host(),
                Integer.toString(settings.mongoPort())));
        return new Component(
                "mongo", command, Map.of(), log("mongo"), portOpen(settings.mongoPort()), Duration.ofSeconds(30));
    }

    private Component mail() {
        Path jar = settings.root().resolve("infra/devstack/target/greenmail/greenmail-standalone.jar");
        List<String> command =
                javaCommand(System.getenv().getOrDefault("DEVSTACK_GREENMAIL_HEAP", DEFAULT_GREENMAIL_HEAP));
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
                log("greenmail"),
                httpOk("http://" + settings.host() + ":" + settings.mailApiPort() + "/api/service/readiness"),
                Duration.ofSeconds(10));
    }

    private Component service(String service, int k) {
        String name = settings.instanceName(service, k);
        Path jar = settings.root().resolve(service).resolve("target").resolve(service + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -DskipTests package");
        }
        Map<String, String> env = new LinkedHashMap<>();
        // Each setting under its property's relaxed-binding name (docs/configuration.md).
        env.put("SERVER_PORT", Integer.toString(settings.instancePort(service, k)));
        env.put("SPRING_KAFKA_BOOTSTRAPSERVERS", settings.kafkaBootstrap());
        env.put("SPRING_MONGODB_URI", settings.mongoUri());
        env.put("KIT_SECURITY_JWTSECRET", settings.jwtSecret());
        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        env.put("KIT_CONTACTS_BASEURL", settings.serviceUrl("contact-service"));
        env.put("KIT_EMAIL_APIURL", settings.serviceUrl("notifier-service"));
        env.put("KIT_CALENDARFEED_BASEURL", settings.serviceUrl("reminder-service"));
        env.put("KIT_EXPORT_INTERACTIONSERVICEURL", settings.serviceUrl("interaction-service"));
        env.put("KIT_EXPORT_REMINDERSERVICEURL", settings.serviceUrl("reminder-service"));
        env.put("KIT_EXPORT_NOTIFIERSERVICEURL", settings.serviceUrl("notifier-service"));
        env.put("KIT_OPS_INTERACTIONSERVICEURL", settings.serviceUrl("interaction-service"));
        env.put("SPRING_MAIL_HOST", settings.host());
        env.put("SPRING_MAIL_PORT", Integer.toString(settings.smtpPort()));
        // Only this local stack may call webhook receivers and calendar feeds on loopback (SSRF allow-lists).
        env.put("KIT_WEBHOOKS_ALLOWEDNETWORKS", "127.0.0.0/8,::1/128");
        // ... and reach GreenMail's IMAP as a mailbox (plain IMAP is allowed there only).
        env.put("KIT_CAPTURE_MAILBOXES_ALLOWEDNETWORKS", "127.0.0.0/8,::1/128");
        // ... and follow calendar feeds served on this machine.
        env.put("KIT_CAPTURE_CALENDAR_ALLOWEDNETWORKS", "127.0.0.0/8,::1/128");
        // glibc gives every thread that allocates its own 64 MB malloc arena; two are plenty for a JVM.
        env.put("MALLOC_ARENA_MAX", "2");
        if (service.equals(Settings.CAPTURE_SMTP_SERVICE)) {
            // The capture address listener: BCC mail to it over SMTP (docs/capture.md).
            env.put("KIT_CAPTURE_SMTP_ENABLED", "true");
            env.put("KIT_CAPTURE_SMTP_BINDADDRESS", settings.host());
            env.put("KIT_CAPTURE_SMTP_PORT", Integer.toString(settings.captureSmtpInstancePort(k)));
        }
        if (settings.instances() > 1) {
            // Which instance wrote a log line (ECS service.node.name); the rest needs no identity:
            // consumer groups, leases and claims in MongoDB work across instances by themselves.
            env.put("LOGGING_STRUCTURED_ECS_SERVICE_NODENAME", name);
        }
        env.putAll(settings.serviceEnvironment());
        List<String> command = javaCommand(settings.serviceHeap());
        command.addAll(List.of(
                // Memory: the heap, plus bounded metaspace, code cache, direct buffers and stacks,
                // keeps a service under 400 MB resident under load (BENCHMARKS.md).
                "-XX:+UseSerialGC",
                "-Xms64m",
                "-Xss512k",
                "-XX:MaxMetaspaceSize=160m",
                "-XX:ReservedCodeCacheSize=64m",
                "-XX:MaxDirectMemorySize=32m",
                // NIO keeps a direct copy of the largest buffer each thread ever wrote: cap it.
                "-Djdk.nio.maxCachedBufferSize=262144",
                "-XX:CICompilerCount=2",
                // 2 cores give the common pool one thread; asynchronous HTTP needs more than one.
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
                "-jar",
                jar.toString()));
        return new Component(
                name,
                command,
                env,
                log(name),
                httpOk(settings.instanceUrl(name) + "/actuator/health"),
                Duration.ofSeconds(30));
    }

    /**
     * HAProxy in the foreground ({@code -db}), with a configuration written to the data directory:
     * per service a frontend on its usual port and a backend of its instances.
     */
    private Component proxy() throws IOException {
        Path dir = settings.data().resolve("proxy");
        Files.createDirectories(dir);
        Path config = dir.resolve("haproxy.cfg");
        write(config, ProxyConfiguration.of(settings));
        List<String> command = List.of(haproxy().toString(), "-db", "-f", config.toString());
        // HAProxy binds every frontend before it accepts on any: one open port says they all are.
        Probe listening = portOpen(settings.servicePorts().get(SERVICES.get(0)));
        return new Component(PROXY, command, Map.of(), log(PROXY), listening, Duration.ofSeconds(10));
    }

    /** The {@code haproxy} executable: Debian's, or the first on the PATH. */
    static Path haproxy() {
        if (Files.isExecutable(HAPROXY)) {
            return HAPROXY;
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "haproxy"))) {
                return Path.of(dir, "haproxy");
            }
        }
        throw new IllegalStateException("several instances of each service (DEVSTACK_INSTANCES) run behind HAProxy,"
                + " which is not installed (neither " + HAPROXY + " nor haproxy on the PATH):"
                + " install it with apt-get install haproxy");
    }

    private List<String> javaCommand(String heap) {
        List<String> command = new ArrayList<>();
        command.add(settings.java());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add(Devstack.MARKER + settings.root());
        command.add(Devstack.DATA_MARKER + settings.data());
        return command;
    }

    // ---------------------------------------------------------------- readiness

    private Probe portOpen(int port) {
        return Probe.portOpen(settings.host(), port);
    }

    /** 200, and for a health endpoint UP (see {@link Probe}). */
    private static Probe httpOk(String url) {
        return Probe.http(url);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process that died or did not become ready while starting; carries the end of its log. */
    public static final class NotReady extends IllegalStateException {
        private final String name;
        private final String logTail;

        NotReady(String name, String message, String logTail) {
            super(message);
            this.name = name;
            this.logTail = logTail;
        }

        public String name() {
            return name;
        }

        public String logTail() {
            return logTail;
        }
    }
}
