package com.keepintouch.notifier.domain;

/** An email to one person, rendered when the delivery was created: a text and an HTML part. */
public record EmailDestination(String to, String subject, String text, String html, String messageIdHeader)
        implements Destination {

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.EMAIL;
    }
}
