package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.mailbox.Mailbox.State;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * {@code kit_capture_mailboxes{state}} (every instance's view of the stored states, refreshed at each
 * scan), {@code kit_capture_mailbox_sync_seconds} (one round of a mailbox) and
 * {@code kit_capture_mailbox_failures_total{kind}} (rounds that failed after their retries).
 */
@Component
class MailboxMetrics {

    private final MeterRegistry meters;
    private final AtomicReference<Map<State, Long>> states = new AtomicReference<>(Map.of());
    private final Timer rounds;

    MailboxMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (State state : State.values()) {
            Gauge.builder("kit.capture.mailboxes", states, s -> s.get().getOrDefault(state, 0L))
                    .tag("state", state.name())
                    .description("mailboxes in each state")
                    .register(meters);
        }
        this.rounds = Timer.builder("kit.capture.mailbox.sync")
                .description("one round of a mailbox's sync: every folder read up to its newest message")
                .register(meters);
    }

    void states(Map<State, Long> counts) {
        states.set(new EnumMap<>(counts));
    }

    Timer rounds() {
        return rounds;
    }

    void failed(SyncFailure.Kind kind) {
        meters.counter("kit.capture.mailbox.failures", "kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }
}
