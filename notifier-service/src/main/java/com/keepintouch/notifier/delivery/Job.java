package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;

/**
 * A delivery this instance holds and is about to attempt, with what it sends (the webhook body;
 * an email carries its own content).
 */
record Job(Delivery delivery, String body) {

    /** The lane it queues in: its endpoint, or the one lane of the SMTP server. */
    String lane() {
        return delivery.endpointId().orElse(Dispatcher.EMAIL_LANE);
    }
}
