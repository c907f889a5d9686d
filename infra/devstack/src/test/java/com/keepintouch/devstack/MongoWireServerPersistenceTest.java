package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's MongoDB keeps what it acknowledged across a restart and a kill, as the devstack promises. */
class MongoWireServerPersistenceTest {

    @TempDir
    Path dir;

    @Test
    void insertsUpdatesAndDeletesAreThereAfterARestart() throws IOException {
        withServer(db -> {
            MongoCollection<Document> contacts = db.getCollection("contacts");
            contacts.insertOne(new Document("_id", "c-1").append("name", "Jill").append("met", new Date(0)));
            contacts.insertOne(new Document("_id", "c-2").append("name", "Jack"));
            contacts.insertOne(new Document("_id", "c-3").append("name", "Joe"));
            contacts.updateOne(Filters.eq("_id", "c-1"), Updates.set("tier", "CLOSE"));
            contacts.updateOne(
                    Filters.eq("_id", "c-2"), Updates.push("pending", new Document("id", "e-1").append("seq", 1L)));
            contacts.deleteOne(Filters.eq("_id", "c-3"));
            db.getCollection("sequences")
                    .findOneAndUpdate(
                            Filters.eq("_id", "c-1"),
                            Updates.inc("sequence", 1L),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        });

        withServer(db -> {
            MongoCollection<Document> contacts = db.getCollection("contacts");
            assertThat(contacts.find(Filters.eq("_id", "c-1")).first())
                    .containsEntry("name", "Jill")
                    .containsEntry("tier", "CLOSE")
                    .containsEntry("met", new Date(0));
            assertThat(contacts.find(Filters.eq("_id", "c-2")).first().getList("pending", Document.class))
                    .containsExactly(new Document("id", "e-1").append("seq", 1L));
            assertThat(contacts.find(Filters.eq("_id", "c-3")).first()).isNull();
            assertThat(contacts.countDocuments()).isEqualTo(2);
            assertThat(db.getCollection("sequences").find().first()).containsEntry("sequence", 1L);
        });
    }

    @Test
    void uniqueIndexesAndDropsSurviveARestartAndTheJournalIsCompacted() throws IOException {
        withServer(db -> {
            MongoCollection<Document> claims = db.getCollection("claims");
            claims.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            for (int round = 0; round < 50; round++) {
                claims.replaceOne(
                        Filters.eq("_id", "k"),
                        new Document("_id", "k").append("email", "a@x.example").append("round", round),
                        new com.mongodb.client.model.ReplaceOptions().upsert(true));
            }
            db.getCollection("scratch").insertOne(new Document("_id", 1));
            db.getCollection("scratch").drop();
        });
        long before = Files.size(dir.resolve(MongoWireServer.JOURNAL));

        withServer(db -> {
            MongoCollection<Document> claims = db.getCollection("claims");
            assertThat(claims.find().first()).containsEntry("round", 49);
            assertThatThrownBy(() -> claims.insertOne(new Document("_id", "other").append("email", "a@x.example")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            List<String> names = db.listCollectionNames().into(new ArrayList<>());
            assertThat(names).contains("claims").doesNotContain("scratch");
        });
        assertThat(Files.size(dir.resolve(MongoWireServer.JOURNAL)))
                .as("rewritten with one record per live document")
                .isLessThan(before);
    }

    @Test
    void aTornLastRecordFromAKillIsDroppedAndEverythingBeforeItKept() throws IOException {
        withServer(db -> {
            for (int i = 0; i < 100; i++) {
                db.getCollection("interactions").insertOne(new Document("_id", "i-" + i).append("n", i));
            }
        });
        Path journal = dir.resolve(MongoWireServer.JOURNAL);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 7); // the process died in the middle of the last write
        }

        withServer(db -> {
            assertThat(db.getCollection("interactions").countDocuments()).isEqualTo(99);
            db.getCollection("interactions").insertOne(new Document("_id", "i-after"));
        });
        withServer(db -> assertThat(db.getCollection("interactions").countDocuments())
                .as("writes after the repair are kept too")
                .isEqualTo(100));
    }

    @Test
    void aJournalThatOutgrowsItsDataIsCompactedWhileTheServerRuns() throws IOException {
        Path journal = dir.resolve(MongoWireServer.JOURNAL);
        String body = "x".repeat(10_000);
        System.setProperty("devstack.mongo.compact-above-mb", "1");
        try {
            withServer(db -> {
                MongoCollection<Document> relationships = db.getCollection("relationships");
                for (int i = 0; i < 400; i++) { // 4 MB of updates to one 10 kB document
                    relationships.replaceOne(
                            Filters.eq("_id", "r-1"),
                            new Document("_id", "r-1").append("body", body).append("n", i),
                            new com.mongodb.client.model.ReplaceOptions().upsert(true));
                }
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(Files.size(journal))
                                .as("compacted in the background")
                                .isLessThan(1024 * 1024));
                relationships.updateOne(Filters.eq("_id", "r-1"), Updates.set("n", 400));
            });
        } finally {
            System.clearProperty("devstack.mongo.compact-above-mb");
        }
        withServer(db -> assertThat(db.getCollection("relationships").find().first())
                .containsEntry("n", 400)
                .containsEntry("body", body));
    }

    @Test
    void aDirectoryWithTheH2FileOfAnEarlierVersionIsStillServedFromIt() throws IOException {
        MongoServer old = new MongoServer(
                new H2Backend(dir.resolve(MongoWireServer.LEGACY_H2_FILE).toString()));
        try (MongoClient client = MongoClients.create(old.bindAndGetConnectionString())) {
            client.getDatabase("test").getCollection("contacts").insertOne(new Document("_id", "c-1"));
        }
        old.shutdown();

        withServer(
                db -> assertThat(db.getCollection("contacts").countDocuments()).isEqualTo(1));
        assertThat(dir.resolve(MongoWireServer.JOURNAL)).doesNotExist();
    }

    private void withServer(Consumer<com.mongodb.client.MongoDatabase> work) throws IOException {
        MongoBackend backend = MongoWireServer.backend(dir);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            work.accept(client.getDatabase("test"));
        } finally {
            server.shutdown();
        }
    }
}
