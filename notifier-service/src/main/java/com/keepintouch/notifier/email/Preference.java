package com.keepintouch.notifier.email;

import com.keepintouch.notifier.domain.DigestPeriod;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How one person wants to hear about their relationships.
 *
 * @param lastDigest the key of the latest digest period handled (sent, or nothing to send)
 */
record Preference(
        String ownerId,
        String email,
        Mode mode,
        ZoneId timezone,
        int digestHour,
        DayOfWeek digestDay,
        String lastDigest,
        Instant updatedAt) {

    /** The hour of a digest when a person names none. */
    static final int DEFAULT_DIGEST_HOUR = 8;

    enum Mode {
        IMMEDIATE,
        DAILY_DIGEST,
        WEEKLY_DIGEST,
        OFF
    }

    /** The digest cadence, if this preference wants digests. */
    Optional<DigestPeriod.Cadence> cadence() {
        if (mode == Mode.DAILY_DIGEST) {
            return Optional.of(DigestPeriod.Cadence.DAILY);
        }
        if (mode == Mode.WEEKLY_DIGEST) {
            return Optional.of(DigestPeriod.Cadence.WEEKLY);
        }
        return Optional.empty();
    }

    /** The latest digest period due at {@code now}, if digests are wanted. */
    Optional<DigestPeriod> latestPeriod(Instant now) {
        return cadence().map(c -> DigestPeriod.latest(c, timezone, digestHour, digestDay, now));
    }

    Optional<DigestPeriod> nextPeriod(Instant now) {
        return cadence().map(c -> DigestPeriod.next(c, timezone, digestHour, digestDay, now));
    }
}
