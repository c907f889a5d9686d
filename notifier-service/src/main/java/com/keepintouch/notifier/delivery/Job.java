package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.EmailDestination;
import java.time.Duration;
import java.time.Instant;

/**
 * A delivery this instance holds and is about to attempt, with what it sends (the webhook body;
 * an email carries its own content) and the trace context it continues (null: a trace of its own).
 */
record Job(Delivery delivery, String body, String traceparent) {

    Job(Delivery delivery, String body) {
        this(delivery, body, null);
    }

    /** The job of a delivery of {@code message} (null for an email). */
    static Job of(Delivery delivery, Message message) {
        return message == null
                ? new Job(delivery, null, null)
                : new Job(delivery, message.body(), message.traceparent());
    }

    /**
     * Whether this instance still holds the delivery long enough to attempt it: half a lease, so the
     * attempt ends before another instance may take the delivery over and attempt it too.
     */
    boolean heldLongEnough(Instant now, Duration lease) {
        Instant until = delivery.leaseUntil();
        return until != null && !now.plus(lease.dividedBy(2)).isAfter(until);
    }

    /** Whether what it would send was removed (an erasure, or the retention of bodies). */
    boolean bodyRemoved() {
        return delivery.destination() instanceof EmailDestination email ? email.subject() == null : body == null;
    }

    /** The lane it queues in: its endpoint, or the one lane of the SMTP server. */
    String lane() {
        return delivery.endpointId().orElse(Dispatcher.EMAIL_LANE);
    }
}
