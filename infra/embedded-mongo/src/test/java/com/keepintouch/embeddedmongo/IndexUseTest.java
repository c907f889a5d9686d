package com.keepintouch.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the indexes are for: a page of one contact's timeline reads that page, whatever else is stored. */
class IndexUseTest {

    private static EmbeddedMongo server;
    private static MongoClient client;
    private MongoCollection<Document> interactions;

    @BeforeAll
    static void start() {
        server = EmbeddedMongo.inMemory();
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void collection() {
        interactions = client.getDatabase("use").getCollection("interactions");
        interactions.drop();
        interactions.createIndex(Indexes.compoundIndex(
                Indexes.ascending("ownerId", "contactId"), Indexes.descending("occurredAt", "_id")));
    }

    @Test
    void aTimelinePageReadsThePageNotTheCollection() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Document> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(new Document("_id", "other-" + i)
                    .append("ownerId", "o1")
                    .append("contactId", "busy")
                    .append("occurredAt", Date.from(start.plusSeconds(i))));
        }
        interactions.insertMany(many);
        for (int i = 0; i < 30; i++) {
            interactions.insertOne(new Document("_id", "mine-" + i)
                    .append("ownerId", "o1")
                    .append("contactId", "quiet")
                    .append("occurredAt", Date.from(start.plusSeconds(i * 60L))));
        }

        Bson page = Filters.and(Filters.eq("ownerId", "o1"), Filters.eq("contactId", "quiet"));
        Bson newestFirst = Sorts.orderBy(Sorts.descending("occurredAt"), Sorts.descending("_id"));
        Document explain = interactions.find(page).sort(newestFirst).limit(20).explain();

        assertThat(stats(explain).getInteger("nReturned")).isEqualTo(20);
        assertThat(stats(explain).get("totalDocsExamined", Number.class).longValue())
                .isLessThanOrEqualTo(21);
        assertThat(explain.toJson())
                .contains("\"IXSCAN\"")
                .doesNotContain("COLLSCAN")
                .doesNotContain("\"SORT\"");

        List<String> ids = interactions
                .find(page)
                .sort(newestFirst)
                .limit(3)
                .map(d -> d.getString("_id"))
                .into(new ArrayList<>());
        assertThat(ids).containsExactly("mine-29", "mine-28", "mine-27");

        // the next page by keyset cursor, with the redundant bound that lets the index start there
        Date last = Date.from(start.plusSeconds(10 * 60L));
        Bson after = Filters.and(
                page,
                Filters.lte("occurredAt", last),
                Filters.or(
                        Filters.lt("occurredAt", last),
                        Filters.and(Filters.eq("occurredAt", last), Filters.lt("_id", "mine-10"))));
        Document next = interactions.find(after).sort(newestFirst).limit(5).explain();
        assertThat(stats(next).get("totalDocsExamined", Number.class).longValue())
                .isLessThanOrEqualTo(6);
        assertThat(interactions
                        .find(after)
                        .sort(newestFirst)
                        .limit(2)
                        .map(d -> d.getString("_id"))
                        .into(new ArrayList<>()))
                .containsExactly("mine-9", "mine-8");
    }

    @Test
    void aKeysetPageInIdOrderReadsThePage() {
        for (int i = 0; i < 5000; i++) {
            interactions.insertOne(new Document("_id", String.format("k%05d", i)));
        }
        Document explain = interactions
                .find(Filters.gt("_id", "k02000"))
                .sort(Sorts.ascending("_id"))
                .limit(20)
                .explain();
        assertThat(stats(explain).get("totalDocsExamined", Number.class).longValue())
                .isLessThanOrEqualTo(21);
        assertThat(interactions
                        .find(Filters.gt("_id", "k02000"))
                        .sort(Sorts.ascending("_id"))
                        .first())
                .containsEntry("_id", "k02001");
    }

    @Test
    void anUnindexedQueryShowsACollectionScan() {
        interactions.insertOne(new Document("_id", 1).append("subject", "hello"));
        Document explain = interactions.find(Filters.eq("subject", "hello")).explain();
        assertThat(explain.toJson()).contains("COLLSCAN");
    }

    @Test
    void aPointLookupByIdWithOtherConditionsReadsOneDocument() {
        for (int i = 0; i < 1000; i++) {
            interactions.insertOne(new Document("_id", i).append("version", 1));
        }
        Document explain = interactions
                .find(Filters.and(Filters.eq("_id", 500), Filters.eq("version", 1)))
                .explain();
        assertThat(stats(explain).get("totalDocsExamined", Number.class).longValue())
                .isEqualTo(1);
        assertThat(interactions
                        .updateOne(Filters.and(Filters.eq("_id", 500), Filters.eq("version", 2)), Updates.set("x", 1))
                        .getMatchedCount())
                .isZero();
    }

    @Test
    void aUniqueIndexRefusesADuplicateOnInsertAndUpdate() {
        MongoCollection<Document> emails = client.getDatabase("use").getCollection("emails");
        emails.drop();
        emails.createIndex(Indexes.ascending("ownerId", "email"), new IndexOptions().unique(true));
        emails.insertOne(new Document("_id", 1).append("ownerId", "o1").append("email", "a@x"));
        emails.insertOne(new Document("_id", 2).append("ownerId", "o2").append("email", "a@x"));
        emails.insertOne(new Document("_id", 3).append("ownerId", "o1").append("email", "b@x"));

        assertThatThrownBy(() -> emails.insertOne(
                        new Document("_id", 4).append("ownerId", "o1").append("email", "a@x")))
                .isInstanceOfSatisfying(
                        MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getCode()))
                                .isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThatThrownBy(() -> emails.updateOne(Filters.eq("_id", 3), Updates.set("email", "a@x")))
                .isInstanceOf(MongoWriteException.class);
        emails.updateOne(Filters.eq("_id", 3), Updates.set("email", "c@x")); // moves to a free key
        emails.insertOne(new Document("_id", 5).append("ownerId", "o1").append("email", "b@x")); // the freed key
        emails.deleteOne(Filters.eq("_id", 1));
        emails.insertOne(new Document("_id", 6).append("ownerId", "o1").append("email", "a@x"));
        assertThat(emails.countDocuments(Filters.eq("ownerId", "o1"))).isEqualTo(3);
    }

    @Test
    void aSparseUniqueIndexAdmitsManyDocumentsWithoutTheKey() {
        MongoCollection<Document> codes = client.getDatabase("use").getCollection("codes");
        codes.drop();
        codes.createIndex(
                Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
        codes.insertOne(new Document("_id", 1));
        codes.insertOne(new Document("_id", 2));
        codes.insertOne(new Document("_id", 3).append("code", "x"));
        assertThatThrownBy(() -> codes.insertOne(new Document("_id", 4).append("code", "x")))
                .isInstanceOf(MongoWriteException.class);
        assertThat(codes.countDocuments(Filters.eq("code", null))).isEqualTo(2); // not from the sparse index
    }

    private static Document stats(Document explain) {
        return explain.get("executionStats", Document.class);
    }
}
