package com.keepintouch.interaction.interactions;

import com.keepintouch.platform.system.PeriodicTask;
import com.keepintouch.platform.system.RetentionFigures;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes the summaries of interactions that occurred longer ago than {@code
 * kit.retention.interaction-summaries}, in batches found by the sparse {@code summary_retention}
 * index (so a sweep reads only what it removes), and counts them ({@code retention_sweeps}, and
 * {@code kit_retention_removed_total{what="interaction_summaries"}}). Every instance sweeps; a
 * summary removed by another is not counted twice.
 */
@Component
class SummaryRetention extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(SummaryRetention.class);

    private final Interactions interactions;
    private final RetentionFigures figures;
    private final RetentionProperties properties;
    private final Clock clock;

    SummaryRetention(
            Interactions interactions,
            MongoDatabase database,
            RetentionProperties properties,
            Clock clock,
            MeterRegistry meters) {
        super("interaction-summary-retention", properties.sweepInterval(), properties.sweepInterval());
        this.interactions = interactions;
        this.figures = new RetentionFigures(
                database.getCollection("retention_sweeps"),
                "interaction-summaries",
                "interaction_summaries",
                "Summaries of interactions removed for being older than their retention",
                meters);
        this.properties = properties;
        this.clock = clock;
    }

    /** What the sweeps of every instance removed. */
    RetentionFigures.Figures figures() {
        return figures.figures();
    }

    @Override
    protected void runOnce() {
        sweep();
    }

    /** Sweeps now (the schedule calls it, and so may a test); returns how many summaries it removed. */
    long sweep() {
        if (!properties.removesSummaries()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant cutoff = now.minus(properties.interactionSummaries());
        long total = 0;
        while (true) {
            List<String> ids = interactions.summariesBefore(cutoff, properties.batchSize());
            if (ids.isEmpty()) {
                break;
            }
            total += interactions.removeSummaries(ids, cutoff);
            if (ids.size() < properties.batchSize()) {
                break;
            }
        }
        figures.swept(now, total);
        if (total > 0) {
            log.info("Interaction summaries past retention removed removed={} occurredBefore={}", total, cutoff);
        }
        return total;
    }
}
