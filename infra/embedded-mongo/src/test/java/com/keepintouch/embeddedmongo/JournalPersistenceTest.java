package com.keepintouch.embeddedmongo;

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

/** The journaled server keeps what it acknowledged across a restart and a kill, as the local stack promises. */
class JournalPersistenceTest {

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
        long before = Files.size(dir.resolve(EmbeddedMongo.JOURNAL_FILE));

        withServer(db -> {
            MongoCollection<Document> claims = db.getCollection("claims");
            assertThat(claims.find().first()).containsEntry("round", 49);
            assertThatThrownBy(() -> claims.insertOne(new Document("_id", "other").append("email", "a@x.example")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            List<String> names = db.listCollectionNames().into(new ArrayList<>());
            assertThat(names).contains("claims").doesNotContain("scratch");
        });
        assertThat(Files.size(dir.resolve(EmbeddedMongo.JOURNAL_FILE)))
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
        Path journal = dir.resolve(EmbeddedMongo.JOURNAL_FILE);
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
        Path journal = dir.resolve(EmbeddedMongo.JOURNAL_FILE);
        String body = "x".repeat(10_000);
        compactAbove = 1024 * 1024;
        {
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
        }
        withServer(db -> assertThat(db.getCollection("relationships").find().first())
                .containsEntry("n", 400)
                .containsEntry("body", body));
    }

    @Test
    void aJournalStartsWithItsFormatVersion() throws IOException {
        withServer(db -> db.getCollection("contacts").insertOne(new Document("_id", "c-1")));
        try (var in = new java.io.DataInputStream(Files.newInputStream(dir.resolve(EmbeddedMongo.JOURNAL_FILE)))) {
            assertThat(in.readInt()).isEqualTo(Journal.MAGIC);
            assertThat(in.readInt()).isEqualTo(Journal.VERSION);
        }
    }

    @Test
    void aJournalOfTheFirstFormatWithoutAHeaderIsReadAndRewrittenWithOne() throws IOException {
        withServer(db -> {
            for (int i = 0; i < 10; i++) {
                db.getCollection("contacts").insertOne(new Document("_id", "c-" + i));
            }
        });
        Path journal = dir.resolve(EmbeddedMongo.JOURNAL_FILE);
        byte[] bytes = Files.readAllBytes(journal);
        Files.write(journal, java.util.Arrays.copyOfRange(bytes, 8, bytes.length)); // as the first format wrote it

        withServer(
                db -> assertThat(db.getCollection("contacts").countDocuments()).isEqualTo(10));
        try (var in = new java.io.DataInputStream(Files.newInputStream(journal))) {
            assertThat(in.readInt()).isEqualTo(Journal.MAGIC);
        }
    }

    @Test
    void aDamagedRecordEndsTheReplayAndWhatFollowsIsKeptBesideTheJournal() throws IOException {
        withServer(db -> {
            for (int i = 0; i < 20; i++) {
                db.getCollection("interactions").insertOne(new Document("_id", "i-" + i).append("n", i));
            }
        });
        Path journal = dir.resolve(EmbeddedMongo.JOURNAL_FILE);
        long size = Files.size(journal);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            channel.write(
                    java.nio.ByteBuffer.wrap(new byte[] {0x7f, 0x7f}), size - 40); // a flipped byte in a late record
        }

        withServer(db ->
                assertThat(db.getCollection("interactions").countDocuments()).isBetween(15L, 19L));
        try (var kept = Files.list(dir)) {
            List<Path> damaged = kept.filter(
                            p -> p.getFileName().toString().startsWith(EmbeddedMongo.JOURNAL_FILE + ".damaged-"))
                    .toList();
            assertThat(damaged).hasSize(1);
            assertThat(Files.size(damaged.get(0))).isPositive();
        }
    }

    @Test
    void aJournalOfAnUnknownVersionRefusesToStartAndSaysWhy() throws IOException {
        Path journal = dir.resolve(EmbeddedMongo.JOURNAL_FILE);
        Files.write(
                journal,
                java.nio.ByteBuffer.allocate(8).putInt(Journal.MAGIC).putInt(99).array());
        assertThatThrownBy(() -> EmbeddedMongo.journaled(dir, "127.0.0.1", 0))
                .isInstanceOf(Journal.JournalException.class)
                .hasMessageContaining("format version 99");
        assertThat(Files.size(journal)).as("left as it was").isEqualTo(8);
    }

    @Test
    void secondaryIndexesAreThereAfterARestart() throws IOException {
        withServer(db -> {
            MongoCollection<Document> interactions = db.getCollection("interactions");
            interactions.createIndex(Indexes.ascending("contactId", "occurredAt"));
            for (int i = 0; i < 200; i++) {
                interactions.insertOne(new Document("_id", i)
                        .append("contactId", "c" + (i % 10))
                        .append("occurredAt", i));
            }
        });
        withServer(db -> {
            Document explain = db.getCollection("interactions")
                    .find(Filters.eq("contactId", "c3"))
                    .explain();
            assertThat(explain.get("executionStats", Document.class)
                            .get("totalDocsExamined", Number.class)
                            .intValue())
                    .isEqualTo(20);
        });
    }

    private long compactAbove = EmbeddedMongo.DEFAULT_COMPACT_ABOVE_BYTES;

    private void withServer(Consumer<com.mongodb.client.MongoDatabase> work) throws IOException {
        EmbeddedMongo server = EmbeddedMongo.journaled(dir, "127.0.0.1", 0, compactAbove);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            work.accept(client.getDatabase("test"));
        } finally {
            server.shutdown();
        }
    }
}
