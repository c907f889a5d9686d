package com.keepintouch.interaction.interactions;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/ops/retention} ({@code ops} or {@code admin}): what the retention of summaries is and what it removed. */
@RestController
class RetentionController {

    private final RetentionProperties properties;
    private final RetentionFigures figures;

    RetentionController(RetentionProperties properties, RetentionFigures figures) {
        this.properties = properties;
        this.figures = figures;
    }

    /** @param retention as configured, ISO-8601 ({@code P730D}); {@code 0} when summaries are kept forever */
    record Retention(String retention, long removedTotal, Instant lastSweepAt, long lastSweepRemoved) {}

    record RetentionResponse(Retention interactionSummaries) {}

    @GetMapping("/api/ops/retention")
    RetentionResponse retention(Caller caller) {
        if (!caller.readsAllOwners()) {
            throw RequestRefused.forbidden("the retention figures need the ops or admin scope");
        }
        RetentionFigures.Figures swept = figures.of(RetentionFigures.INTERACTION_SUMMARIES);
        return new RetentionResponse(new Retention(
                iso(properties.removesSummaries() ? properties.interactionSummaries() : Duration.ZERO),
                swept.removedTotal(),
                swept.lastSweepAt(),
                swept.lastSweepRemoved()));
    }

    /** Whole days as {@code P730D}, as they are configured, rather than Java's {@code PT17520H}. */
    static String iso(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        return duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0
                ? "P" + duration.toDays() + "D"
                : duration.toString();
    }
}
