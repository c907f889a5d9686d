package com.keepintouch.notifier.domain;

import java.time.Instant;

/** {@code notification.failed}: a delivery used up its retries, or its endpoint went away; retried only by hand. */
public record DeliveryFailed(
        String deliveryId,
        Delivery.Channel channel,
        String endpointId,
        String eventId,
        String eventType,
        String contactId,
        String ownerId,
        int attempts,
        String lastError,
        Instant failedAt)
        implements DeliveryEvent {

    public static final String TYPE = "notification.failed";

    @Override
    public String type() {
        return TYPE;
    }
}
