package com.keepintouch.reminder.relationship.domain;

/**
 * How often to keep in touch with one contact.
 *
 * @param days days between touches
 * @param source where the figure came from
 * @param learnedFrom for a learned cadence, how many touch days it was learned from
 */
public record Cadence(int days, CadenceSource source, int learnedFrom) {}
