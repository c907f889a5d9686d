package com.keepintouch.notifier.inbound;

import com.keepintouch.notifier.delivery.Delivery;
import com.keepintouch.notifier.delivery.DeliveryService;
import com.keepintouch.notifier.email.EmailNotices;
import com.keepintouch.platform.kafka.InboundEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * notifications.v1 in, our own topic, for one type: {@code endpoint.disabled}. Its owner is told
 * by email. Reading the event (staged in the same write that disabled the endpoint) instead of
 * sending the email from that code means a crash between the two loses nothing.
 */
@Component
class EndpointEventsHandler {

    private final DeliveryService deliveries;
    private final EmailNotices emails;

    EndpointEventsHandler(DeliveryService deliveries, EmailNotices emails) {
        this.deliveries = deliveries;
        this.emails = emails;
    }

    @KafkaListener(
            id = "notifier-endpoint-events",
            topics = "notifications.v1",
            groupId = "${kit.webhooks.consumer-group:notifier-service}",
            batch = "true",
            // Our own topic, mostly notification.delivered (one per delivery, thousands a second):
            // validated when produced, so not validated again here, where only endpoint.disabled matters.
            properties = {"kit.kafka.validate-schemas=false"})
    void on(List<ConsumerRecord<String, InboundEvent>> records) {
        InboundRecords.handle(records, event -> "endpoint.disabled".equals(event.type()) ? event : null, this::handle);
    }

    private void handle(List<InboundEvent> events) {
        List<Delivery> mails = new ArrayList<>();
        for (InboundEvent event : events) {
            JsonNode data = event.data();
            mails.add(emails.endpointDisabled(
                    event.id(),
                    data.path("ownerId").asString(event.ownerId()),
                    data.path("endpointId").asString(event.subject()),
                    data.path("url").asString(""),
                    data.path("reason").asString("FAILING"),
                    data.path("detail").isString() ? data.path("detail").asString() : null,
                    deliveries.now(),
                    deliveries.leaseFromNow()));
        }
        deliveries.deliver(List.of(), mails);
    }
}
