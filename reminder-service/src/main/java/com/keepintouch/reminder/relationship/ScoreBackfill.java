package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.agenda.Agenda;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the relationships stored before the score keys existed their scores: at the first start of
 * a version that keeps them, files each for the sweep now, which stores the keys and its daily
 * refresh. Without it, a relationship that time alone does not change (an overdue one) would stay
 * out of the lists by score and the insights until its next event. Once done, it is marked done and
 * later starts skip it; two instances doing it at once only file some checks twice.
 */
@Component
class ScoreBackfill {

    private static final Logger log = LoggerFactory.getLogger(ScoreBackfill.class);
    private static final String MIGRATIONS = "relationship_migrations";
    private static final String SCORES = "scores";

    private final Relationships relationships;
    private final Agenda agenda;
    private final Clock clock;
    private final MongoCollection<Document> migrations;

    ScoreBackfill(Relationships relationships, Agenda agenda, Clock clock, MongoDatabase database) {
        this.relationships = relationships;
        this.agenda = agenda;
        this.clock = clock;
        this.migrations = database.getCollection(MIGRATIONS);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (migrations.find(Filters.eq("_id", SCORES)).first() != null) {
            return;
        }
        int filed = backfill();
        migrations.replaceOne(
                Filters.eq("_id", SCORES),
                new Document("_id", SCORES).append("doneAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        log.info("Score backfill relationships={}", filed);
    }

    /** Files every listed relationship without scores for the sweep now; returns how many. */
    int backfill() {
        Instant now = clock.instant();
        Map<String, Instant> batch = new HashMap<>();
        int filed = 0;
        for (String id : relationships.withoutScores()) {
            batch.put(id, now);
            if (batch.size() == DueSweep.BATCH) {
                agenda.schedule(batch);
                filed += batch.size();
                batch.clear();
            }
        }
        agenda.schedule(batch);
        return filed + batch.size();
    }
}
