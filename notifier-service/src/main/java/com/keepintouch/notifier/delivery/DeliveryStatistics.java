package com.keepintouch.notifier.delivery;

import java.util.Map;
import org.springframework.stereotype.Component;

/** Delivery counts for the operations summary. */
@Component
public class DeliveryStatistics {

    private final Deliveries deliveries;
    private final Dispatcher dispatcher;
    private final Recorder recorder;

    DeliveryStatistics(Deliveries deliveries, Dispatcher dispatcher, Recorder recorder) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
    }

    /** This instance's queue: due and waiting for a permit, in flight, results not yet written. */
    public record Queue(int due, long inFlight, int unrecorded) {}

    /** Deliveries per endpoint id ({@code email} for emails) and status. */
    public Map<String, Map<String, Long>> byTargetAndStatus() {
        return deliveries.countByTargetAndStatus();
    }

    public Queue queue() {
        long inFlight = dispatcher.lanes().stream()
                .mapToLong(Dispatcher.LaneState::inFlight)
                .sum();
        return new Queue(dispatcher.queued(), inFlight, recorder.backlog());
    }
}
