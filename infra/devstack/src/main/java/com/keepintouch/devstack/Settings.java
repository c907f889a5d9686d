package com.keepintouch.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the local stack keeps its data and which loopback ports it uses; every value can be
 * changed with the environment variable named beside it. {@link #forTests} gives a stack of its
 * own: a data directory of the caller's choosing, free ports, and extra service settings.
 *
 * <p>With {@code instances} above 1, each service runs that many processes, each on a port of
 * {@code instancePorts}, and {@code servicePorts} are the reverse proxy's: one address per service.
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
        int captureSmtpPort,
        List<Integer> captureSmtpInstancePorts,
        Map<String, Integer> servicePorts,
        int instances,
        Map<String, List<Integer>> instancePorts,
        String jwtSecret,
        String serviceHeap,
        String java,
        String classpath,
        Map<String, String> serviceEnvironment) {

    static final String DEFAULT_JWT_SECRET = "kit-local-development-secret-change-me-0123456789";

    /** The JVM options of every service process: small and predictable memory (BENCHMARKS.md: RSS under load). */
    static final String DEFAULT_SERVICE_HEAP = "160m";

    /** The most instances of each service the stack runs: 4 of each already make 16 service JVMs. */
    public static final int MAX_INSTANCES = 4;

    /** The service whose SMTP listener takes mail for the capture addresses (docs/capture.md). */
    static final String CAPTURE_SMTP_SERVICE = "interaction-service";

    /** With several instances, instance {@code k} of the service on port {@code p} listens on {@code p + k * 100}. */
    static final int INSTANCE_PORT_STEP = 100;

    static Settings fromEnvironment(Path root) {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("contact-service", port(alias("DEVSTACK_CONTACT_SERVICE_PORT", "CONTACT_SERVICE_PORT"), 8081));
        services.put(
                "interaction-service",
                port(alias("DEVSTACK_INTERACTION_SERVICE_PORT", "INTERACTION_SERVICE_PORT"), 8082));
        services.put("reminder-service", port(alias("DEVSTACK_REMINDER_SERVICE_PORT", "REMINDER_SERVICE_PORT"), 8083));
        services.put("notifier-service", port(alias("DEVSTACK_NOTIFIER_SERVICE_PORT", "NOTIFIER_SERVICE_PORT"), 8084));
        int instances = instances(System.getenv("DEVSTACK_INSTANCES"));
        Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
        if (instances > 1) {
            services.forEach((service, port) -> {
                List<Integer> ports = new ArrayList<>();
                for (int k = 1; k <= instances; k++) {
                    ports.add(port + k * INSTANCE_PORT_STEP);
                }
                instancePorts.put(service, List.copyOf(ports));
            });
        }
        int captureSmtpPort = port("DEVSTACK_CAPTURE_SMTP_PORT", 2525);
        List<Integer> captureSmtpInstancePorts = new ArrayList<>();
        for (int k = 1; k <= instances && instances > 1; k++) {
            captureSmtpInstancePorts.add(captureSmtpPort + k * INSTANCE_PORT_STEP);
        }
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
                captureSmtpPort,
                List.copyOf(captureSmtpInstancePorts),
                Map.copyOf(services),
                instances,
                Map.copyOf(instancePorts),
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
        return forTests(root, data, serviceEnvironment, 1);
    }

    /** As {@link #forTests(Path, Path, Map)}, with {@code instances} of each service behind the reverse proxy. */
    public static Settings forTests(Path root, Path data, Map<String, String> serviceEnvironment, int instances) {
        instances(Integer.toString(instances));
        Path devstack = root.resolve("infra/devstack/target");
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("contact-service", freePort());
        services.put("interaction-service", freePort());
        services.put("reminder-service", freePort());
        services.put("notifier-service", freePort());
        Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
        if (instances > 1) {
            for (String service : services.keySet()) {
                List<Integer> ports = new ArrayList<>();
                for (int k = 1; k <= instances; k++) {
                    ports.add(freePort());
                }
                instancePorts.put(service, List.copyOf(ports));
            }
        }
        List<Integer> captureSmtpInstancePorts = new ArrayList<>();
        for (int k = 1; k <= instances && instances > 1; k++) {
            captureSmtpInstancePorts.add(freePort());
        }
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
                freePort(),
                List.copyOf(captureSmtpInstancePorts),
                Map.copyOf(services),
                instances,
                Map.copyOf(instancePorts),
                DEFAULT_JWT_SECRET,
                DEFAULT_SERVICE_HEAP,
                ProcessHandle.current().info().command().orElse("java"),
                devstack.resolve("classes") + File.pathSeparator + devstack.resolve("lib") + "/*",
                Map.copyOf(serviceEnvironment));
    }

    /** The ports handed out in this JVM: the system may offer a port again once its probe closed. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
        ports.put(instances > 1 ? "capture smtp (proxy)" : "capture smtp (interaction-service)", captureSmtpPort);
        for (int k = 1; k <= instances && instances > 1; k++) {
            ports.put("capture smtp (" + instanceName(CAPTURE_SMTP_SERVICE, k) + ")", captureSmtpInstancePort(k));
        }
        servicePorts.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> ports.put(instances > 1 ? e.getKey() + " (proxy)" : e.getKey(), e.getValue()));
        servicePorts.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            for (int k = 1; k <= instances && instances > 1; k++) {
                ports.put(instanceName(e.getKey(), k), instancePort(e.getKey(), k));
            }
        });
        return ports;
    }

    /**
     * The name of instance {@code k} (from 1) of {@code service}: the service's own name when it
     * runs once, {@code contact-service-1}, {@code contact-service-2}, ... when it runs several times.
     */
    public String instanceName(String service, int k) {
        return instances == 1 ? service : service + "-" + k;
    }

    /** The names of the processes of {@code service}, instance 1 first. */
    public List<String> instanceNames(String service) {
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= instances; k++) {
            names.add(instanceName(service, k));
        }
        return List.copyOf(names);
    }

    /** The port instance {@code k} (from 1) of {@code service} listens on: the service's port when it runs once. */
    public int instancePort(String service, int k) {
        return instances == 1
                ? servicePorts.get(service)
                : instancePorts.get(service).get(k - 1);
    }

    /**
     * The address of one instance, e.g. {@code contact-service-2}, bypassing the proxy; of the
     * service itself when it runs once.
     */
    public String instanceUrl(String instance) {
        for (String service : servicePorts.keySet()) {
            List<String> names = instanceNames(service);
            if (names.contains(instance)) {
                return "http://" + host + ":" + instancePort(service, names.indexOf(instance) + 1);
            }
        }
        throw new IllegalArgumentException("no instance called " + instance + " in the stack");
    }

    /**
     * The port of instance {@code k} (from 1) of interaction-service's capture address listener:
     * {@link #captureSmtpPort} when it runs once; behind the proxy's frontend on that port otherwise.
     */
    public int captureSmtpInstancePort(int k) {
        return instances == 1 ? captureSmtpPort : captureSmtpInstancePorts.get(k - 1);
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

    /** {@code DEVSTACK_INSTANCES}: how many processes of each service, 1 (the default) to {@link #MAX_INSTANCES}. */
    static int instances(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int instances = Integer.parseInt(value.trim());
            if (instances >= 1 && instances <= MAX_INSTANCES) {
                return instances;
            }
        } catch (NumberFormatException e) {
            // said below, in the same words as a number out of range
        }
        throw new IllegalArgumentException("DEVSTACK_INSTANCES must be a whole number from 1 to " + MAX_INSTANCES
                + " (how many instances of each service to run), was '" + value + "'");
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
