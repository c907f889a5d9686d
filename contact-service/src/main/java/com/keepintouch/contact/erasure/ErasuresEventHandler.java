package com.keepintouch.contact.erasure;

import com.keepintouch.contact.erasure.Erasure.Confirmation;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InvalidEventException;
import java.time.Instant;
import java.util.Map;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** erasures.v1: each service's confirmation of an erasure, tracked; failures are retried and dead-lettered by the platform. */
@Component
class ErasuresEventHandler {

    private final ContactErasure erasure;

    ErasuresEventHandler(ContactErasure erasure) {
        this.erasure = erasure;
    }

    /** The fields of erasure.confirmed this service needs. */
    record ConfirmedData(String erasureId, String service, Instant confirmedAt, Map<String, Integer> removed) {}

    @KafkaListener(topics = ErasureEvents.TOPIC, groupId = "${kit.erasure.consumer-group}")
    void on(InboundEvent event) {
        if (!ErasureEvents.CONFIRMED.equals(event.type())) {
            return;
        }
        ConfirmedData data = event.dataAs(ConfirmedData.class);
        if (data.erasureId() == null || !Erasure.SERVICES.contains(data.service())) {
            throw new InvalidEventException("erasure.confirmed " + event.id()
                    + " names no erasure, or a service that is not one of " + Erasure.SERVICES);
        }
        erasure.confirmed(
                data.erasureId(),
                data.service(),
                new Confirmation(data.confirmedAt() == null ? event.time() : data.confirmedAt(), data.removed()));
    }
}
