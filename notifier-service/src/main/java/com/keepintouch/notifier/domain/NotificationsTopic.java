package com.keepintouch.notifier.domain;

/**
 * {@code notifications.v1}, the notifier's own topic: what became of each delivery
 * ({@link DeliveryEvent}) and {@link EndpointDisabled}.
 */
public final class NotificationsTopic {

    public static final String NAME = "notifications.v1";

    private NotificationsTopic() {}
}
