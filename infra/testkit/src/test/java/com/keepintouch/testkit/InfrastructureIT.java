package com.keepintouch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.broker.BrokerSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The infrastructure every integration test stands on really is a Kafka broker and a MongoDB server. */
class InfrastructureIT {

    private final Infrastructure infrastructure = Infrastructure.get();

    @Test
    void runsEmbeddedWithoutDockerAndContainersWithIt() {
        assertThat(infrastructure.mode())
                .isEqualTo(
                        Infrastructure.dockerAvailable()
                                ? Infrastructure.Mode.CONTAINERS
                                : Infrastructure.Mode.EMBEDDED);
    }

    @Test
    void kafkaStoresAndDeliversRecords() throws Exception {
        String topic = "testkit-" + UUID.randomUUID();
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(java.util.List.of(new NewTopic(topic, 2, (short) 1)))
                    .all()
                    .get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
                KafkaProbe probe = KafkaProbe.subscribe(topic)) {
            producer.send(new ProducerRecord<>(topic, "c-1", "hello")).get();

            assertThat(probe.await(1, Duration.ofSeconds(20)).get(0).value()).isEqualTo("hello");
        }
    }

    @Test
    void kafkaRunsWithTheSettingsOfEveryBrokerOfTheSystem() throws Exception {
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
            String broker =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            BrokerSettings.everyBroker()
                    .forEach((key, value) ->
                            assertThat(config.get(key).value()).as(key).isEqualTo(value));
        }
    }

    @Test
    void mongoStoresDocumentsAndReportsDuplicateKeysAsMongoDbDoes() {
        try (MongoClient client = MongoClients.create(infrastructure.mongoUri())) {
            MongoCollection<Document> things = client.getDatabase("testkit").getCollection("things");
            String id = UUID.randomUUID().toString();
            things.insertOne(new Document("_id", id).append("name", "Jill"));

            assertThat(things.find(new Document("_id", id)).first().getString("name"))
                    .isEqualTo("Jill");
            try {
                things.insertOne(new Document("_id", id));
                throw new AssertionError("a duplicate _id was accepted");
            } catch (com.mongodb.MongoWriteException e) {
                assertThat(e.getCode()).isEqualTo(11000);
            }
        }
    }
}
