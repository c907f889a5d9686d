package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's MongoDB keeps its data across a restart, as the devstack promises. */
class MongoWireServerPersistenceTest {

    @TempDir
    Path dir;

    @Test
    void dataWrittenBeforeAShutdownIsThereAfterARestart() {
        Path file = dir.resolve("data.mv");

        MongoServer first = new MongoServer(new H2Backend(file.toString()));
        String uri = first.bindAndGetConnectionString();
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase("contacts")
                    .getCollection("contacts")
                    .insertOne(new Document("_id", "c-1").append("name", "Jill"));
        }
        first.shutdown();

        MongoServer second = new MongoServer(new H2Backend(file.toString()));
        try (MongoClient client = MongoClients.create(second.bindAndGetConnectionString())) {
            Document jill = client.getDatabase("contacts")
                    .getCollection("contacts")
                    .find(new Document("_id", "c-1"))
                    .first();
            assertThat(jill).isNotNull();
            assertThat(jill.getString("name")).isEqualTo("Jill");
        } finally {
            second.shutdown();
        }
    }
}
