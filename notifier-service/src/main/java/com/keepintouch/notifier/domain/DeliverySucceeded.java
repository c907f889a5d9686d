package com.keepintouch.notifier.domain;

import java.time.Instant;

/** {@code notification.delivered}: an endpoint answered 2xx, or the SMTP server accepted the email. */
public record DeliverySucceeded(
        String deliveryId,
        Delivery.Channel channel,
        String endpointId,
        String eventId,
        String eventType,
        String contactId,
        String ownerId,
        int attempts,
        Integer responseStatus,
        Instant deliveredAt)
        implements DeliveryEvent {

    public static final String TYPE = "notification.delivered";

    @Override
    public String type() {
        return TYPE;
    }
}
