package com.keepintouch.reminder.relationship.domain;

/** Who reached out: the recruiter (OUTBOUND) or the contact (INBOUND). */
public enum Direction {
    OUTBOUND,
    INBOUND
}
