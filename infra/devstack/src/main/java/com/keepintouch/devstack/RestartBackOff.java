package com.keepintouch.devstack;

import java.time.Duration;

/**
 * How long the supervisor waits before it starts a process that died again: 1 s the first time,
 * twice as long after each further death up to 30 s, and 1 s again once the process had been up
 * (ready) for a minute. One per process.
 */
final class RestartBackOff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMinutes(1);

    private Duration next = FIRST;

    /** The wait before the next start of a process that died after being up this long (zero if never ready). */
    Duration afterDeath(Duration up) {
        if (up.compareTo(STABLE) >= 0) {
            next = FIRST;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
        return delay;
    }
}
