package com.keepintouch.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local stack keeps its data and which loopback ports it uses; every value can be
 * changed with the environment variable named beside it. {@link #forTests} gives a stack of its
 * own: a data directory of the caller's choosing, free ports, and extra service settings.
 */
public record Settings(
        Path root,
        Path data,
        String host,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        int smtpPort,
        int imapPort,
        int mailApiPort,
        Map<String, Integer> servicePorts,
        String jwtSecret,
        String serviceHeap,
        String java,
        String classpath,
        Map<String, String> serviceEnvironment) {

    static final String DEFAULT_JWT_SECRET = "kit-local-development-secret-change-me-0123456789";

    /** The JVM options of every service process: small and predictable memory (BENCHMARKS.md: RSS under load). */
    static final String DEFAULT_SERVICE_HEAP = "160m";

    static Settings fromEnvironment(Path root) {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("contact-service", port(alias("DEVSTACK_CONTACT_SERVICE_PORT", "CONTACT_SERVICE_PORT"), 8081));
        services.put(
                "interaction-service",
                port(alias("DEVSTACK_INTERACTION_SERVICE_PORT", "INTERACTION_SERVICE_PORT"), 8082));
        services.put("reminder-service", port(alias("DEVSTACK_REMINDER_SERVICE_PORT", "REMINDER_SERVICE_PORT"), 8083));
        services.put("notifier-service", port(alias("DEVSTACK_NOTIFIER_SERVICE_PORT", "NOTIFIER_SERVICE_PORT"), 8084));
        return new Settings(
                root,
                root.resolve(env("DEVSTACK_DATA", ".devstack")),
                "127.0.0.1",
                port("DEVSTACK_KAFKA_PORT", 9092),
                port("DEVSTACK_KAFKA_CONTROLLER_PORT", 9093),
                port("DEVSTACK_MONGO_PORT", 27017),
                port("DEVSTACK_SMTP_PORT", 3025),
                port("DEVSTACK_IMAP_PORT", 3143),
                port("DEVSTACK_MAIL_API_PORT", 8025),
                Map.copyOf(services),
                env(alias("KIT_SECURITY_JWTSECRET", "JWT_SECRET"), DEFAULT_JWT_SECRET),
                env("DEVSTACK_SERVICE_HEAP", DEFAULT_SERVICE_HEAP),
                ProcessHandle.current().info().command().orElse("java"),
                System.getProperty("java.class.path"),
                Map.of());
    }

    /**
     * A stack for tests: everything under {@code data}, every port free at the time of the call,
     * {@code serviceEnvironment} added to every service's environment (e.g. short retry intervals).
     * The Kafka broker and the Mongo wire server run from the devstack module's build output.
     */
    public static Settings forTests(Path root, Path data, Map<String, String> serviceEnvironment) {
        Path devstack = root.resolve("infra/devstack/target");
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("contact-service", freePort());
        services.put("interaction-service", freePort());
        services.put("reminder-service", freePort());
        services.put("notifier-service", freePort());
        return new Settings(
                root,
                data,
                "127.0.0.1",
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                Map.copyOf(services),
                DEFAULT_JWT_SECRET,
                DEFAULT_SERVICE_HEAP,
                ProcessHandle.current().info().command().orElse("java"),
                devstack.resolve("classes") + File.pathSeparator + devstack.resolve("lib") + "/*",
                Map.copyOf(serviceEnvironment));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logs() {
        return data().resolve("logs");
    }

    /** Ports in the order the stack uses them, with what uses each. */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", kafkaPort);
        ports.put("kafka controller", kafkaControllerPort);
        ports.put("mongo", mongoPort);
        ports.put("smtp (greenmail)", smtpPort);
        ports.put("imap (greenmail)", imapPort);
        ports.put("mail api (greenmail)", mailApiPort);
        servicePorts.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> ports.put(e.getKey(), e.getValue()));
        return ports;
    }

    public String kafkaBootstrap() {
        return host + ":" + kafkaPort;
    }

    public String mongoUri() {
        return "mongodb://" + host + ":" + mongoPort;
    }

    public String serviceUrl(String service) {
        return "http://" + host + ":" + servicePorts.get(service);
    }

    private static int port(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
        }
    }

    /**
     * The variable to read: {@code name}, or the older {@code alias} when only that one is set
     * (the launcher's own settings are {@code DEVSTACK_*}; the services' are their properties'
     * relaxed-binding names; the earlier names still work).
     */
    private static String alias(String name, String alias) {
        String value = System.getenv(name);
        return (value == null || value.isBlank()) && System.getenv(alias) != null ? alias : name;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
