package com.keepintouch.notifier.domain;

import java.util.List;

/**
 * An email to one person, rendered when the delivery was created: a text and an HTML part.
 *
 * @param mentions the contacts whose names the email lists (a digest's), so that an erasure finds
 *     the emails that mention a contact; empty for an email about one contact or none
 */
public record EmailDestination(
        String to, String subject, String text, String html, String messageIdHeader, List<String> mentions)
        implements Destination {

    public EmailDestination {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    public EmailDestination(String to, String subject, String text, String html, String messageIdHeader) {
        this(to, subject, text, html, messageIdHeader, List.of());
    }

    /** This email, listing these contacts. */
    public EmailDestination mentioning(List<String> contactIds) {
        return new EmailDestination(to, subject, text, html, messageIdHeader, contactIds);
    }

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.EMAIL;
    }
}
