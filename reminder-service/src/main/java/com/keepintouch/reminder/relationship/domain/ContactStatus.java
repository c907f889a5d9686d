package com.keepintouch.reminder.relationship.domain;

/** The recruiter's wish for a contact, as contact-service states it. */
public enum ContactStatus {
    ACTIVE,
    PAUSED,
    DO_NOT_CONTACT
}
