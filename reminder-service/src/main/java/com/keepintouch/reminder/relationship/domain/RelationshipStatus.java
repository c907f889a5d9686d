package com.keepintouch.reminder.relationship.domain;

/** Where a relationship stands; at most one of these at a time. */
public enum RelationshipStatus {
    OK,
    DUE,
    OVERDUE,
    NON_RESPONSIVE,
    PAUSED;

    /** Whether the recruiter is being asked to act (or, non-responsive, to hold back). */
    public boolean needsAttention() {
        return this == DUE || this == OVERDUE || this == NON_RESPONSIVE;
    }
}
