package com.keepintouch.notifier.personaldata;

import java.time.Instant;

/**
 * {@code contact.erased} as notifier-service reads it: which contact, whose, which erasure, when.
 *
 * @param traceparent the trace context of the event, continued by the confirmation; null without one
 */
public record ContactErased(String contactId, String ownerId, String erasureId, Instant erasedAt, String traceparent) {}
