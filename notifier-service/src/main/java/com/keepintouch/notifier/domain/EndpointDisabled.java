package com.keepintouch.notifier.domain;

import java.time.Instant;

/**
 * {@code endpoint.disabled}: the system disabled a webhook endpoint; its owner is told by email.
 *
 * @param reason {@link #GONE} or {@link #FAILING}
 */
public record EndpointDisabled(
        String endpointId, String ownerId, String url, String reason, String detail, Instant disabledAt) {

    public static final String TYPE = "endpoint.disabled";

    /** It answered 410 Gone. */
    public static final String GONE = "GONE";

    /** Every attempt failed for {@code kit.webhooks.disable-after}. */
    public static final String FAILING = "FAILING";
}
