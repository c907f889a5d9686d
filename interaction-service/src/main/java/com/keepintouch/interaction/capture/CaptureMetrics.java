package com.keepintouch.interaction.capture;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code kit_capture_messages_total{source,outcome}}: one count per message offered to capture;
 * {@code kit_capture_unmatched_stored_total} and {@code kit_capture_unmatched_matched_total}: the
 * messages kept for a contact who had not appeared yet, and the interactions they recorded later.
 */
@Component
class CaptureMetrics {

    /** The outcomes, as the metric's label says them. */
    enum Outcome {
        RECORDED,
        KNOWN,
        AUTOMATED,
        TOO_MANY_RECIPIENTS,
        NO_CONTACT,
        NOT_THE_OWNERS,
        INVALID;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome of(CaptureOutcome outcome) {
            return switch (outcome.skipped()) {
                case NONE -> outcome.recorded() > 0 ? RECORDED : KNOWN;
                case AUTOMATED -> AUTOMATED;
                case TOO_MANY_RECIPIENTS -> TOO_MANY_RECIPIENTS;
                case NO_CONTACT -> NO_CONTACT;
                case NOT_THE_OWNERS -> NOT_THE_OWNERS;
            };
        }
    }

    private final MeterRegistry meters;

    CaptureMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void counted(CaptureSource source, Outcome outcome) {
        meters.counter("kit.capture.messages", "source", source.name(), "outcome", outcome.label())
                .increment();
    }

    void unmatchedStored(int messages) {
        meters.counter("kit.capture.unmatched.stored").increment(messages);
    }

    void unmatchedMatched(int recorded) {
        meters.counter("kit.capture.unmatched.matched").increment(recorded);
    }
}
