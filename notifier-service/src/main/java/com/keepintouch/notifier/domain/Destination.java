package com.keepintouch.notifier.domain;

/** Where a delivery goes, and what only that channel needs: a webhook endpoint, or one person's email. */
public sealed interface Destination permits WebhookDestination, EmailDestination {

    Delivery.Channel channel();
}
