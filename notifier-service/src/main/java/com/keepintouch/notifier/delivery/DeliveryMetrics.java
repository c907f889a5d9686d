package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery.Transition;
import com.keepintouch.notifier.domain.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code kit_notifier_deliveries_total{channel,endpoint,outcome}} and
 * {@code kit_notifier_attempt_latency_seconds{channel,endpoint,result}}, per recorded outcome.
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry meters;

    DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void recorded(Job job, Outcome outcome, Transition transition) {
        String channel = job.delivery().channel().name();
        if (outcome.attempted()) {
            Timer.builder("kit.notifier.attempt.latency")
                    .description("Time of one delivery attempt")
                    .tags("channel", channel, "endpoint", job.lane())
                    .tag("result", outcome.kind() == Outcome.Kind.DELIVERED ? "success" : "failure")
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(outcome.latencyMs(), TimeUnit.MILLISECONDS);
        }
        meters.counter(
                        "kit.notifier.deliveries",
                        "channel",
                        channel,
                        "endpoint",
                        job.lane(),
                        "outcome",
                        transition.result().name().toLowerCase(Locale.ROOT))
                .increment();
    }
}
