package com.keepintouch.interaction.interactions;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.util.Date;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the interactions stored before the retention key existed their key ({@link
 * InteractionDocuments#SUMMARY_OCCURRED_AT}), so that the retention sweep finds their summaries
 * too: at the first start of a version that keeps it, reads every interaction once in id order,
 * in batches, and marks it done in {@code interaction_migrations}; later starts skip it. Two
 * instances doing it at once only write some keys twice.
 */
@Component
class SummaryBackfill {

    private static final Logger log = LoggerFactory.getLogger(SummaryBackfill.class);
    private static final String MIGRATIONS = "interaction_migrations";
    private static final String SUMMARY_KEYS = "summary-retention-keys";

    private final Interactions interactions;
    private final RetentionProperties properties;
    private final Clock clock;
    private final MongoCollection<Document> migrations;

    SummaryBackfill(Interactions interactions, RetentionProperties properties, Clock clock, MongoDatabase database) {
        this.interactions = interactions;
        this.properties = properties;
        this.clock = clock;
        this.migrations = database.getCollection(MIGRATIONS);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (migrations.find(Filters.eq("_id", SUMMARY_KEYS)).first() != null) {
            return;
        }
        long read = backfill();
        migrations.replaceOne(
                Filters.eq("_id", SUMMARY_KEYS),
                new Document("_id", SUMMARY_KEYS).append("doneAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        log.info("Summary retention backfill done batches={}", read);
    }

    /** Gives every interaction with a summary and without its key the key; returns how many batches it read. */
    long backfill() {
        long batches = 0;
        String after = null;
        while ((after = interactions.backfillSummaryKeys(after, properties.batchSize())) != null) {
            batches++;
        }
        return batches;
    }
}
