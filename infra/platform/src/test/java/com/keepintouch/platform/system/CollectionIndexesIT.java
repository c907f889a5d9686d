package com.keepintouch.platform.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.testkit.Infrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Indexes declared at start-up, on the real Mongo wire server: a TTL index follows its setting,
 * changed in place when the expiry differs, untouched (and unlogged) when it does not.
 */
@ExtendWith(OutputCaptureExtension.class)
class CollectionIndexesIT {

    static MongoClient client;
    static MongoDatabase database;

    String collection = "expiring-" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        database = client.getDatabase(
                "collection-indexes-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aTtlIndexIsCreatedThenChangedInPlaceWhenTheSettingChanges(CapturedOutput output) {
        CollectionIndexes.declareExpiry(database, collection, "createdAt", Duration.ofHours(24));
        assertThat(expiry()).isEqualTo(86_400L);

        // the next start with the same setting changes nothing
        CollectionIndexes.declareExpiry(database, collection, "createdAt", Duration.ofHours(24));
        assertThat(output.getOut()).doesNotContain("Index expiry changed");

        // a start with another retention changes the existing index, once
        CollectionIndexes.declareExpiry(database, collection, "createdAt", Duration.ofHours(48));
        CollectionIndexes.declareExpiry(database, collection, "createdAt", Duration.ofHours(48));
        assertThat(expiry()).isEqualTo(172_800L);
        assertThat(output.getOut().split("Index expiry changed", -1)).hasSize(2);
        assertThat(output.getOut())
                .contains("collection=" + collection + " index=createdAt_1 fromSeconds=86400 toSeconds=172800");
    }

    @Test
    void aPlainIndexOfTheSameNameBecomesATtlIndex() {
        CollectionIndexes.declare(
                database.getCollection(collection),
                List.of(new IndexModel(Indexes.ascending("createdAt"), new IndexOptions().name("createdAt_1"))));

        CollectionIndexes.declareExpiry(database, collection, "createdAt", Duration.ofMinutes(5));

        assertThat(expiry()).isEqualTo(300L);
    }

    @Test
    void anExpiryOfPartSecondsIsRefused() {
        assertThatThrownBy(() ->
                        CollectionIndexes.declareExpiry(database, collection, "createdAt", Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole seconds");
    }

    private Long expiry() {
        for (Document index : database.getCollection(collection).listIndexes()) {
            if ("createdAt_1".equals(index.getString("name"))) {
                return index.get("expireAfterSeconds", Number.class).longValue();
            }
        }
        return null;
    }
}
