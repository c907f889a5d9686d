package com.keepintouch.contact.audit;

/** How a request about a contact's personal data ended. */
public enum AuditOutcome {
    /** An erasure was accepted and started. */
    ACCEPTED,
    /** An export was answered, or every service confirmed an erasure. */
    COMPLETED,
    /** The contact was erased (or being erased) already; the same erasure was answered. */
    ALREADY_ERASED,
    /** No such contact, or not the caller's. */
    NOT_FOUND,
    /** The caller's scopes do not allow it. */
    FORBIDDEN,
    /** It could not be carried out (a service did not answer, the database failed). */
    FAILED
}
