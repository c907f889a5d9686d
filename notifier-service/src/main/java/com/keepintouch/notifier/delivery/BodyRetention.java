package com.keepintouch.notifier.delivery;

import static com.keepintouch.platform.system.StoredValues.date;

import com.keepintouch.notifier.system.RetentionProperties;
import com.keepintouch.platform.system.PeriodicTask;
import com.keepintouch.platform.system.RetentionFigures;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes the bodies of deliveries older than {@code kit.retention.delivery-bodies}: webhook payloads
 * (the messages) and email subjects and parts. Every {@code kit.retention.sweep-interval}, in
 * batches of {@code kit.retention.batch-size}, each found by the sparse index on {@code bodyAt}
 * (present only while a body is stored), so a sweep costs what there is to remove. What it removed is
 * counted in MongoDB ({@code retention_figures}, for the dashboard, across restarts and instances) and
 * in {@code kit_retention_removed_total{what="delivery_bodies"}}.
 *
 * <p>Documents stored before {@code bodyAt} existed are given it once, by a pass in {@code _id} order
 * marked done in {@code delivery_migrations}. Every instance may sweep: each removal is counted by the
 * write that made it.
 */
@Component
public class BodyRetention extends PeriodicTask {

    static final String FIGURES_ID = "delivery_bodies";
    static final String BACKFILL_ID = "body-at-backfill";

    private static final Logger log = LoggerFactory.getLogger(BodyRetention.class);

    private final Deliveries deliveries;
    private final Messages messages;
    private final RetentionFigures figures;
    private final MongoCollection<Document> migrations;
    private final RetentionProperties properties;
    private final Clock clock;
    private volatile boolean backfilled;

    BodyRetention(
            Deliveries deliveries,
            Messages messages,
            MongoDatabase database,
            RetentionProperties properties,
            Clock clock,
            MeterRegistry meters) {
        super("body-retention", properties.sweepInterval(), properties.sweepInterval());
        this.deliveries = deliveries;
        this.messages = messages;
        this.figures = new RetentionFigures(
                database.getCollection("retention_figures"),
                FIGURES_ID,
                "delivery_bodies",
                "Stored webhook payloads and email bodies removed for being older than the retention",
                meters);
        this.migrations = database.getCollection("delivery_migrations");
        this.properties = properties;
        this.clock = clock;
    }

    /** The figures of the dashboard: the retention, what was removed in all, the last sweep. */
    public record Figures(String retention, long removedTotal, Instant lastSweepAt, long lastSweepRemoved) {}

    public Figures figures() {
        RetentionFigures.Figures swept = figures.figures();
        return new Figures(
                properties.removesDeliveryBodies() ? RetentionFigures.iso(properties.deliveryBodies()) : null,
                swept.removedTotal(),
                swept.lastSweepAt(),
                swept.lastSweepRemoved());
    }

    @Override
    protected void runOnce() {
        sweep();
    }

    /** One sweep: the backfill first if it was never done, then every body past the retention; how many it removed. */
    synchronized long sweep() {
        if (!properties.removesDeliveryBodies()) {
            return 0;
        }
        backfill();
        Instant now = clock.instant();
        Instant cutoff = now.minus(properties.deliveryBodies());
        int batch = properties.batchSize();
        long total = 0;
        List<String> ids;
        while (!(ids = messages.bodiesBefore(cutoff, batch)).isEmpty()) {
            total += messages.removeBodies(ids, cutoff, now);
            if (ids.size() < batch) {
                break;
            }
        }
        while (!(ids = deliveries.bodiesBefore(cutoff, batch)).isEmpty()) {
            total += deliveries.removeBodies(ids, cutoff, now);
            if (ids.size() < batch) {
                break;
            }
        }
        figures.swept(now, total);
        if (total > 0) {
            log.info("Delivery bodies past their retention removed count={} before={}", total, cutoff);
        }
        return total;
    }

    /** Gives {@code bodyAt} to what was stored before it existed, once (marked in {@code delivery_migrations}). */
    private void backfill() {
        if (backfilled) {
            return;
        }
        if (migrations.find(Filters.eq("_id", BACKFILL_ID)).first() == null) {
            int batch = properties.batchSize();
            pages(messages::backfillBodyAt, batch);
            pages(deliveries::backfillBodyAt, batch);
            migrations.updateOne(
                    Filters.eq("_id", BACKFILL_ID),
                    Updates.set("doneAt", date(clock.instant())),
                    new UpdateOptions().upsert(true));
            log.info("Stored bodies given their bodyAt for retention");
        }
        backfilled = true;
    }

    /** Runs a pass a page at a time, in {@code _id} order, until a page is empty. */
    private static void pages(BiFunction<String, Integer, Optional<String>> pass, int batch) {
        Optional<String> after = pass.apply(null, batch);
        while (after.isPresent()) {
            after = pass.apply(after.get(), batch);
        }
    }
}
