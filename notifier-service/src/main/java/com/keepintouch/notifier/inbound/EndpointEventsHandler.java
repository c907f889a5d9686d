package com.keepintouch.notifier.inbound;

import com.keepintouch.notifier.delivery.DeliveryFanOut;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.NotificationsTopic;
import com.keepintouch.notifier.email.EmailNotices;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * notifications.v1 in, our own topic, for one type: {@code endpoint.disabled}. Its owner is told
 * by email. Reading the event (staged in the same write that disabled the endpoint) instead of
 * sending the email from that code means a crash between the two loses nothing.
 *
 * <p>The topic is mostly {@code notification.delivered}, one per delivery, thousands a second, all
 * written and validated here; so records are read as strings and only those keyed by an endpoint
 * ({@code ep_...}) are parsed.
 */
@Component
class EndpointEventsHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryFanOut fanOut;
    private final EmailNotices emails;

    EndpointEventsHandler(DeliveryFanOut fanOut, EmailNotices emails) {
        this.fanOut = fanOut;
        this.emails = emails;
    }

    @KafkaListener(
            id = "notifier-endpoint-events",
            topics = NotificationsTopic.NAME,
            groupId = "${kit.webhooks.consumer-group}",
            batch = "true",
            properties = {"value.deserializer=org.apache.kafka.common.serialization.StringDeserializer"})
    void on(List<ConsumerRecord<String, String>> records) {
        List<Delivery> mails = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            if (record.key() == null || !record.key().startsWith("ep_") || record.value() == null) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(record.value());
            } catch (JacksonException e) {
                fanOut.deliver(List.of(), mails);
                throw new BatchListenerFailedException("not JSON: " + e.getOriginalMessage(), e, i);
            }
            if (!"endpoint.disabled".equals(event.path("type").asString(""))) {
                continue;
            }
            JsonNode data = event.path("data");
            mails.add(emails.endpointDisabled(
                    event.path("id").asString(),
                    data.path("ownerId").asString(event.path("ownerId").asString("")),
                    data.path("endpointId").asString(record.key()),
                    data.path("url").asString(""),
                    data.path("reason").asString("FAILING"),
                    data.path("detail").isString() ? data.path("detail").asString() : null,
                    fanOut.now(),
                    fanOut.leaseFromNow()));
        }
        if (!mails.isEmpty()) {
            fanOut.deliver(List.of(), mails);
        }
    }
}
