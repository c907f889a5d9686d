package com.keepintouch.contact.contacts.domain;

/** Whether reminders may be made for a contact. */
public enum ContactStatus {
    ACTIVE,
    PAUSED,
    DO_NOT_CONTACT
}
