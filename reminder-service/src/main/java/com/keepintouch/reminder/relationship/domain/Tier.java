package com.keepintouch.reminder.relationship.domain;

/** How close a contact is; decides the default cadence. */
public enum Tier {
    CLOSE,
    REGULAR,
    DISTANT
}
