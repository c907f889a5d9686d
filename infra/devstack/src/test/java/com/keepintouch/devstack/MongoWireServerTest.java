package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.embeddedmongo.EmbeddedMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's MongoDB process: the journal by default, an earlier version's H2 file where one is left. */
class MongoWireServerTest {

    @TempDir
    Path dir;

    @Test
    void aNewDirectoryGetsTheJournalAndKeepsDataAcrossARestart() throws IOException {
        int port = freePort();
        Runnable stop = MongoWireServer.start(dir, "127.0.0.1", port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            client.getDatabase("test").getCollection("contacts").insertOne(new Document("_id", "c-1"));
        } finally {
            stop.run();
        }
        stop = MongoWireServer.start(dir, "127.0.0.1", port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            assertThat(client.getDatabase("test").getCollection("contacts").countDocuments())
                    .isEqualTo(1);
        } finally {
            stop.run();
        }
        assertThat(dir.resolve(EmbeddedMongo.JOURNAL_FILE)).exists();
    }

    @Test
    void aDirectoryWithTheH2FileOfAnEarlierVersionIsStillServedFromIt() throws IOException {
        MongoServer old = new MongoServer(
                new H2Backend(dir.resolve(MongoWireServer.LEGACY_H2_FILE).toString()));
        try (MongoClient client = MongoClients.create(old.bindAndGetConnectionString())) {
            client.getDatabase("test").getCollection("contacts").insertOne(new Document("_id", "c-1"));
        }
        old.shutdown();

        int port = freePort();
        Runnable stop = MongoWireServer.start(dir, "127.0.0.1", port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            assertThat(client.getDatabase("test").getCollection("contacts").countDocuments())
                    .isEqualTo(1);
        } finally {
            stop.run();
        }
        assertThat(dir.resolve(EmbeddedMongo.JOURNAL_FILE)).doesNotExist();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
