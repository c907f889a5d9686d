package com.keepintouch.notifier.webhook;

import java.util.List;

/** The event types a webhook endpoint may subscribe to: every type of {@code relationships.v1}. */
public final class WebhookEventTypes {

    public static final List<String> ALL = List.of(
            "relationship.due",
            "relationship.overdue",
            "relationship.recovered",
            "relationship.non_responsive",
            "relationship.ask_too_soon",
            "relationship.snoozed");

    /** The type of the message {@code POST /api/webhooks/{id}/test} sends; never filtered out. */
    public static final String PING = "webhook.ping";

    private WebhookEventTypes() {}
}
