package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/** The outbound interaction an inbound one answers, and when that outreach happened. */
public record InReplyTo(String interactionId, Instant occurredAt) {}
