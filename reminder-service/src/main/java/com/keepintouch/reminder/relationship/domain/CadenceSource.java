package com.keepintouch.reminder.relationship.domain;

/** Where a cadence came from, most specific first. */
public enum CadenceSource {
    EXPLICIT,
    LEARNED,
    TIER_DEFAULT
}
