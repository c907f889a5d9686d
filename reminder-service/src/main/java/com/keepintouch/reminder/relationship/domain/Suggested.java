package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/**
 * An item announced as the suggestion for one due date. It stays the suggestion while that due
 * date stands and is never suggested to the same contact for another.
 */
public record Suggested(String shareableId, Instant forDueAt) {}
