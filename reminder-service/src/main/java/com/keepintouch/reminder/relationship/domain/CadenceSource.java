package com.keepintouch.reminder.relationship.domain;

/** Where a cadence came from, in order of precedence: the contact's own, a tag's, learned, the tier's. */
public enum CadenceSource {
    EXPLICIT,
    TAG,
    LEARNED,
    TIER_DEFAULT
}
