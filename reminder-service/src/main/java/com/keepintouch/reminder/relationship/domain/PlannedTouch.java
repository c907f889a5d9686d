package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * A touch planned for later (a meeting in a calendar), as its newest version states it: planned,
 * moved or cancelled. No touch is due before a plan that still stands.
 *
 * @param id the plan's id, stable across its versions
 * @param summary the title the plan was given, may be null
 * @param sequence the version: the event sequence that stated it
 */
public record PlannedTouch(
        String id, Instant plannedFor, InteractionType type, String summary, boolean cancelled, long sequence) {

    /** By the time planned, ties broken by id so that every replica agrees. */
    public static final Comparator<PlannedTouch> ORDER =
            Comparator.comparing(PlannedTouch::plannedFor).thenComparing(PlannedTouch::id);
}
