package com.keepintouch.contact.erasure;

import com.keepintouch.contact.erasure.Erasure.Confirmation;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/** contact-service's own erasure.confirmed on erasures.v1, mapped to the event's schema. */
@Component
class ErasureEvents {

    static final String TOPIC = "erasures.v1";
    static final String CONFIRMED = "erasure.confirmed";

    private final Outbox outbox;

    ErasureEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    StagedEvent confirmed(Erasure erasure, Confirmation confirmation) {
        return outbox.event(
                TOPIC,
                CONFIRMED,
                erasure.contactId(),
                erasure.ownerId(),
                1,
                new Confirmed(
                        erasure.erasureId(),
                        erasure.contactId(),
                        erasure.ownerId(),
                        Erasure.OWN_SERVICE,
                        confirmation.confirmedAt(),
                        confirmation.removed()));
    }

    /** data of erasure.confirmed. */
    record Confirmed(
            String erasureId,
            String contactId,
            String ownerId,
            String service,
            Instant confirmedAt,
            Map<String, Integer> removed) {}
}
