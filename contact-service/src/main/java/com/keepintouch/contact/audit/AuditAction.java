package com.keepintouch.contact.audit;

/** What was asked of a contact's personal data. */
public enum AuditAction {
    ERASE("contact.erase"),
    EXPORT("contact.export");

    private final String value;

    AuditAction(String value) {
        this.value = value;
    }

    /** As audit.recorded spells it. */
    public String value() {
        return value;
    }
}
