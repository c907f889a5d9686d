package com.keepintouch.platform.system;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;

/**
 * What a retention sweep removed of one kind of data: counted in {@code
 * kit_retention_removed_total{what}} (per instance) and kept in MongoDB, one document of the
 * service's figures collection ({@code removedTotal}, {@code lastSweepAt}, {@code lastSweepRemoved}),
 * so that the figures an operator sees survive restarts and add up across instances. Only lookups by
 * {@code _id}: no index beyond it.
 */
public final class RetentionFigures {

    private final MongoCollection<Document> figures;
    private final String id;
    private final Counter removed;

    /** What was removed in all and by the last sweep (when it ran: null before the first). */
    public record Figures(long removedTotal, Instant lastSweepAt, long lastSweepRemoved) {}

    /**
     * @param figures the service's collection of retention figures
     * @param id the document of this kind of data in it
     * @param what the kind of data as the metric's tag ({@code delivery_bodies})
     * @param description what the metric counts, in words
     */
    public RetentionFigures(
            MongoCollection<Document> figures, String id, String what, String description, MeterRegistry meters) {
        this.figures = figures;
        this.id = id;
        this.removed = Counter.builder("kit.retention.removed")
                .tag("what", what)
                .description(description)
                .register(meters);
    }

    /** A sweep ran at {@code at} and removed {@code count}: counted, and added to the stored figures. */
    public void swept(Instant at, long count) {
        figures.updateOne(
                Filters.eq("_id", id),
                Updates.combine(
                        Updates.inc("removedTotal", count),
                        Updates.set("lastSweepAt", StoredValues.date(at)),
                        Updates.set("lastSweepRemoved", count)),
                new UpdateOptions().upsert(true));
        removed.increment(count);
    }

    /** As stored, by every instance's sweeps; all zero before the first. */
    public Figures figures() {
        Document stored = figures.find(Filters.eq("_id", id)).first();
        if (stored == null) {
            return new Figures(0, null, 0);
        }
        return new Figures(
                StoredValues.longValue(stored, "removedTotal"),
                StoredValues.instant(stored, "lastSweepAt"),
                StoredValues.longValue(stored, "lastSweepRemoved"));
    }

    /**
     * A retention as an operator configures it: {@code P730D} rather than Java's {@code PT17520H}
     * when it is whole days, ISO 8601 otherwise, {@code 0} when nothing is removed.
     */
    public static String iso(Duration retention) {
        if (retention.isZero()) {
            return "0";
        }
        return retention.toSeconds() % 86_400 == 0 && retention.toNanosPart() == 0
                ? "P" + retention.toDays() + "D"
                : retention.toString();
    }
}
