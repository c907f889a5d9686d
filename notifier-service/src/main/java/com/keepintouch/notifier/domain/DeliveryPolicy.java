package com.keepintouch.notifier.domain;

import java.time.Duration;

/**
 * The settings the delivery state machine follows.
 *
 * @param schedule when a failed attempt is tried again, and when it is given up
 * @param deferFor how long a delivery let go of without an attempt waits to be taken again
 * @param logSize attempts kept in a delivery's log; all are counted
 */
public record DeliveryPolicy(RetrySchedule schedule, Duration deferFor, int logSize) {

    public DeliveryPolicy {
        if (logSize < 1) {
            throw new IllegalArgumentException("a delivery keeps at least its last attempt, logSize was " + logSize);
        }
    }
}
