package com.keepintouch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The images the testkit uses with Docker start and answer. Skipped, cleanly and at once, where
 * there is no Docker engine (as on the project's CI machine).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(Infrastructure.KAFKA_IMAGE);

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(Infrastructure.MONGO_IMAGE).withReplicaSet();

    @Test
    void kafkaAndMongoImagesStart() {
        assertThat(KAFKA.getBootstrapServers()).isNotBlank();
        try (MongoClient client = MongoClients.create(MONGO.getConnectionString())) {
            assertThat(client.getDatabase("admin")
                            .runCommand(new Document("ping", 1))
                            .get("ok"))
                    .isEqualTo(1.0);
        }
    }
}
