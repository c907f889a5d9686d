package com.keepintouch.notifier.domain;

/**
 * A webhook endpoint, and the message it is sent (stored once in {@code messages}, the same bytes
 * for every endpoint and every attempt).
 *
 * @param messageId the message's {@code webhook-id}
 */
public record WebhookDestination(String endpointId, String messageId) implements Destination {

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.WEBHOOK;
    }
}
