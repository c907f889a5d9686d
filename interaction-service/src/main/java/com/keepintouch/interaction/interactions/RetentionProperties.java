package com.keepintouch.interaction.interactions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long interactions keep their summaries ({@code kit.retention.*}; every default is in
 * application.yml).
 *
 * @param interactionSummaries a summary is removed once its interaction occurred longer ago; zero keeps them forever
 * @param sweepInterval how often the sweep looks for summaries past it
 * @param batchSize summaries removed per write of a sweep
 */
@ConfigurationProperties("kit.retention")
record RetentionProperties(Duration interactionSummaries, Duration sweepInterval, int batchSize) {

    /** Whether summaries are removed at all. */
    boolean removesSummaries() {
        return interactionSummaries != null && !interactionSummaries.isZero() && !interactionSummaries.isNegative();
    }
}
