package com.keepintouch.interaction.interactions;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.system.RetentionFigures;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/ops/retention} ({@code ops} or {@code admin}): what the retention of summaries is and what it removed. */
@RestController
class RetentionController {

    private final RetentionProperties properties;
    private final SummaryRetention sweep;

    RetentionController(RetentionProperties properties, SummaryRetention sweep) {
        this.properties = properties;
        this.sweep = sweep;
    }

    /** @param retention as configured, ISO-8601 ({@code P730D}); {@code 0} when summaries are kept forever */
    record Retention(String retention, long removedTotal, Instant lastSweepAt, long lastSweepRemoved) {}

    record RetentionResponse(Retention interactionSummaries) {}

    @GetMapping("/api/ops/retention")
    RetentionResponse retention(Caller caller) {
        if (!caller.readsAllOwners()) {
            throw RequestRefused.forbidden("the retention figures need the ops or admin scope");
        }
        RetentionFigures.Figures swept = sweep.figures();
        return new RetentionResponse(new Retention(
                RetentionFigures.iso(properties.removesSummaries() ? properties.interactionSummaries() : Duration.ZERO),
                swept.removedTotal(),
                swept.lastSweepAt(),
                swept.lastSweepRemoved()));
    }
}
