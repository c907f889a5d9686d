package com.keepintouch.testkit;

import com.keepintouch.broker.BrokerSettings;
import com.keepintouch.embeddedmongo.EmbeddedMongo;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The Kafka broker and MongoDB server of one test JVM, started once on first use.
 *
 * <p>With a Docker engine it runs the real images ({@code apache/kafka}, {@code mongo}) through
 * Testcontainers; without one, a real Apache Kafka KRaft broker in-process and the
 * embedded MongoDB ({@code infra/embedded-mongo}), which indexes as declared. {@code -Dtestkit.mode=embedded|containers} forces one.
 * Either broker runs with the settings every broker of the system has ({@code infra/broker}); each lays
 * out its own node and listeners.
 */
public final class Infrastructure {

    public enum Mode {
        CONTAINERS,
        EMBEDDED
    }

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String MONGO_IMAGE = "mongo:8.0";

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static Infrastructure instance;

    private final Mode mode;
    private final String kafkaBootstrapServers;
    private final String mongoUri;

    private Infrastructure(Mode mode, String kafkaBootstrapServers, String mongoUri) {
        this.mode = mode;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.mongoUri = mongoUri;
    }

    /** The infrastructure of this JVM, started on the first call. */
    public static synchronized Infrastructure get() {
        if (instance == null) {
            long started = System.nanoTime();
            instance = start(chooseMode());
            log.info(
                    "Test infrastructure up mode={} kafka={} mongo={} tookMs={}",
                    instance.mode,
                    instance.kafkaBootstrapServers,
                    instance.mongoUri,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return instance;
    }

    public Mode mode() {
        return mode;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** A connection string without a database name; each test picks its own database. */
    public String mongoUri() {
        return mongoUri;
    }

    /** Whether a Docker engine answers; false within about a second where there is none. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Mode chooseMode() {
        String forced = System.getProperty("testkit.mode", "auto").toLowerCase(Locale.ROOT);
        return switch (forced) {
            case "embedded" -> Mode.EMBEDDED;
            case "containers" -> Mode.CONTAINERS;
            default -> dockerAvailable() ? Mode.CONTAINERS : Mode.EMBEDDED;
        };
    }

    private static Infrastructure start(Mode mode) {
        return mode == Mode.CONTAINERS ? startContainers() : startEmbedded();
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Ryuk removes the containers
    private static Infrastructure startContainers() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        BrokerSettings.everyBroker()
                .forEach((key, value) -> kafka.withEnv(BrokerSettings.environmentVariable(key), value));
        MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
        kafka.start();
        mongo.start();
        return new Infrastructure(Mode.CONTAINERS, kafka.getBootstrapServers(), mongo.getConnectionString());
    }

    private static Infrastructure startEmbedded() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        BrokerSettings.everyBroker().forEach(kafka::brokerProperty);
        kafka.afterPropertiesSet();

        EmbeddedMongo mongo = EmbeddedMongo.inMemory();

        // Boot runs these after every application context has closed, so no service loses its
        // broker or database while it is still stopping.
        SpringApplication.getShutdownHandlers().add(() -> {
            mongo.close();
            kafka.destroy();
        });
        return new Infrastructure(Mode.EMBEDDED, kafka.getBrokersAsString(), mongo.connectionString());
    }
}
