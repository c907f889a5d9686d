package com.keepintouch.interaction.interactions;

import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * What the retention sweeps removed, kept in {@code retention_sweeps} (one document per kind of
 * data) so that the figures survive restarts and add up across instances.
 */
@Component
class RetentionFigures {

    static final String INTERACTION_SUMMARIES = "interaction-summaries";

    private final MongoCollection<Document> sweeps;

    RetentionFigures(MongoDatabase database) {
        this.sweeps = database.getCollection("retention_sweeps");
    }

    /** The figures of one kind of data. */
    record Figures(long removedTotal, Instant lastSweepAt, long lastSweepRemoved) {
        static final Figures NONE = new Figures(0, null, 0);
    }

    void sweptAt(String what, Instant at, long removed) {
        sweeps.updateOne(
                Filters.eq("_id", what),
                Updates.combine(
                        Updates.inc("removedTotal", removed),
                        Updates.set("lastSweepAt", StoredValues.date(at)),
                        Updates.set("lastSweepRemoved", removed)),
                new UpdateOptions().upsert(true));
    }

    Figures of(String what) {
        return Optional.ofNullable(sweeps.find(Filters.eq("_id", what)).first())
                .map(d -> new Figures(
                        StoredValues.longValue(d, "removedTotal"),
                        StoredValues.instant(d, "lastSweepAt"),
                        StoredValues.longValue(d, "lastSweepRemoved")))
                .orElse(Figures.NONE);
    }
}
