package com.keepintouch.system;

import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.devstack.Settings;
import com.keepintouch.testkit.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A second reminder-service process beside the stack's, rebuilding its state from the topics as
 * docs/operations.md says an operator does: the same jar on an empty database of its own, a new
 * consumer group and {@code REMINDER_EMIT_TRANSITIONS=false}. Its log is in the stack's log
 * directory, so that the scans of the logs read it too.
 */
final class ReminderRebuild implements AutoCloseable {

    /** The topics reminder-service folds (docs/operations.md, "Rebuilding reminder-service"). */
    static final List<String> TOPICS = List.of("contacts.v1", "interactions.v1", "relationships.v1");

    private final Settings settings;
    private final String database;
    private final String group;
    private final int port;
    private final Process process;

    private ReminderRebuild(Settings settings, String database, String group, int port, Process process) {
        this.settings = settings;
        this.database = database;
        this.group = group;
        this.port = port;
        this.process = process;
    }

    /** Starts it and waits until it is UP (it then reads the topics from their beginning). */
    static ReminderRebuild start(LocalStack stack) {
        Settings settings = stack.settings();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String database = "relationships-rebuild-" + suffix;
        String group = "reminder-rebuild-" + suffix;
        int port = freePort();
        Path jar = settings.root().resolve("reminder-service/target/reminder-service.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(
                settings.java(),
                "-Xmx" + settings.serviceHeap(),
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        stack.log("reminder-service-rebuild-" + suffix).toFile()));
        Map<String, String> env = builder.environment();
        // The stack's own settings of a service (LocalStack), then the rebuild's three.
        env.putAll(settings.serviceEnvironment());
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SPRING_KAFKA_BOOTSTRAPSERVERS", settings.kafkaBootstrap());
        env.put("SPRING_MONGODB_URI", settings.mongoUri());
        env.put("KIT_SECURITY_JWTSECRET", settings.jwtSecret());
        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        env.put("KIT_CONTACTS_BASEURL", settings.serviceUrl("contact-service"));
        env.put("KIT_CALENDARFEED_BASEURL", "http://" + settings.host() + ":" + port);
        env.put("MONGODB_DATABASE", database);
        env.put("REMINDER_CONSUMER_GROUP", group);
        env.put("REMINDER_EMIT_TRANSITIONS", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReminderRebuild rebuild = new ReminderRebuild(settings, database, group, port, process);
        Runtime.getRuntime().addShutdownHook(new Thread(rebuild::close, "reminder-rebuild-stop"));
        HttpApi health = HttpApi.at(rebuild.url());
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the rebuilding reminder-service exited with code "
                                + process.exitValue() + "; see " + stack.log("reminder-service-rebuild-" + suffix));
                    }
                    try {
                        return health.get("/actuator/health").status() == 200;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
        return rebuild;
    }

    String url() {
        return "http://" + settings.host() + ":" + port;
    }

    HttpApi api(String token) {
        return HttpApi.at(url()).as(token);
    }

    /** Its own database, to scan once it has caught up. */
    String database() {
        return database;
    }

    /**
     * Waits until its consumer group has committed, on every partition of the topics it folds, at
     * least the end offset each had when this was called: it has read all there was.
     */
    void awaitCaughtUp(Duration timeout) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            Map<TopicPartition, OffsetSpec> latest =
                    admin.describeTopics(TOPICS).allTopicNames().get().values().stream()
                            .flatMap(topic -> topic.partitions().stream()
                                    .map(p -> new TopicPartition(topic.name(), p.partition())))
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            admin.listOffsets(latest).all().get().forEach((partition, info) -> {
                if (info.offset() > 0) {
                    end.put(partition, info.offset());
                }
            });
            await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return end.entrySet().stream()
                        .allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + TOPICS, e);
        }
    }

    /** SIGTERM, and SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
