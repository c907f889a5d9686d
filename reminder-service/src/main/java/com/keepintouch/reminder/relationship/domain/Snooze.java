package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/** A recruiter's request to hear nothing about a relationship before {@code until}. */
public record Snooze(String id, Instant until, Instant requestedAt) {}
