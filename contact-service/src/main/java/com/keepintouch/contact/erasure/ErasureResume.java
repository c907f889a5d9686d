package com.keepintouch.contact.erasure;

import com.keepintouch.platform.system.PeriodicTask;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out again the own steps of erasures left unfinished, by a crash between the request's
 * writes or a database that failed mid-way; every step is idempotent, so one done twice (by two
 * instances, or by a request still running) changes nothing.
 */
@Component
class ErasureResume extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ErasureResume.class);

    private final Erasures erasures;
    private final ContactErasure erasure;
    private final ErasureProperties properties;
    private final Clock clock;

    ErasureResume(Erasures erasures, ContactErasure erasure, ErasureProperties properties, Clock clock) {
        super("erasure-resume", properties.resumeInterval(), properties.resumeInterval());
        this.erasures = erasures;
        this.erasure = erasure;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        List<Erasure> unfinished =
                erasures.unfinished(clock.instant().minus(properties.resumeAfter()), properties.resumeBatch());
        for (Erasure e : unfinished) {
            log.info(
                    "Erasure resumed erasureId={} contactId={} requestedAt={}",
                    e.erasureId(),
                    e.contactId(),
                    e.requestedAt());
            try {
                erasure.carryOut(e);
            } catch (RuntimeException failed) {
                // One erasure that keeps failing must not hold up the others behind it.
                log.warn(
                        "Erasure resume failed erasureId={} contactId={} reason={}",
                        e.erasureId(),
                        e.contactId(),
                        failed.getClass().getSimpleName());
            }
        }
    }
}
