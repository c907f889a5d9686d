package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.system.PeriodicTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the transitions that time alone causes (due, overdue, a back-off that ran out) by reading
 * the {@link Agenda}: its cost grows with the relationships whose time has come, not with all of
 * them. Every instance sweeps; the compare-and-set write lets only one announce each transition.
 * Each relationship also comes due once a day for the refresh of its stored scores (strength falls
 * with time alone), which rewrites them and announces nothing unless the status changed too.
 */
@Component
class DueSweep extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DueSweep.class);
    static final int BATCH = 500;

    private final Agenda agenda;
    private final RelationshipManagement relationships;
    private final Clock clock;
    private final Duration interval;
    private final Timer timer;

    DueSweep(
            Agenda agenda,
            RelationshipManagement relationships,
            Clock clock,
            ReminderProperties properties,
            MeterRegistry meters) {
        super("due-sweep", Duration.ZERO, properties.sweepInterval());
        this.agenda = agenda;
        this.relationships = relationships;
        this.clock = clock;
        this.interval = properties.sweepInterval();
        this.timer = Timer.builder("kit.reminder.sweep")
                .description("Time to find and apply the time-driven transitions")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** What one sweep did. */
    record Result(int due, int transitions, Duration took) {}

    @Override
    protected void runOnce() {
        sweep();
    }

    /** Sweeps now; the schedule calls this, and so may a test or a benchmark. */
    synchronized Result sweep() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Agenda.Due due = agenda.due(now);
        int transitions = 0;
        List<String> ids = due.ids();
        for (int i = 0; i < ids.size(); i += BATCH) {
            transitions += relationships.reassess(ids.subList(i, Math.min(ids.size(), i + BATCH)));
        }
        agenda.done(due);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        timer.record(took);
        if (!ids.isEmpty()) {
            log.info("Due sweep relationships={} transitions={} tookMs={}", ids.size(), transitions, took.toMillis());
        }
        return new Result(ids.size(), transitions, took);
    }
}
