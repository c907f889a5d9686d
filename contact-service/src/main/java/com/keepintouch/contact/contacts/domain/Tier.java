package com.keepintouch.contact.contacts.domain;

/** How close a relationship is; sets the default rhythm of keeping in touch. */
public enum Tier {
    CLOSE,
    REGULAR,
    DISTANT
}
