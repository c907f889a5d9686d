package com.keepintouch.interaction.capture;

import com.keepintouch.platform.system.PeriodicTask;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes the unmatched messages whose retention ran out, with one indexed delete per run. Every
 * instance sweeps; deleting what another deleted already costs nothing.
 */
@Component
class UnmatchedSweep extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(UnmatchedSweep.class);

    private final UnmatchedMessages unmatched;
    private final Clock clock;

    UnmatchedSweep(UnmatchedMessages unmatched, Clock clock, UnmatchedProperties properties) {
        super("capture-unmatched-sweep", properties.sweepInterval(), properties.sweepInterval());
        this.unmatched = unmatched;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        sweep();
    }

    /** Sweeps now; the schedule calls this, and so may a test. Returns how many records were deleted. */
    long sweep() {
        long deleted = unmatched.deleteExpired(clock.instant());
        if (deleted > 0) {
            log.info("Unmatched messages expired deleted={}", deleted);
        }
        return deleted;
    }
}
