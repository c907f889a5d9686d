package com.keepintouch.contact.audit;

import java.time.Instant;

/**
 * One audited request, as audit.recorded carries it: ids, scopes, the outcome and at most a
 * sentence of detail that names no personal data.
 *
 * @param ownerId the contact's owner; the actor when the contact is unknown
 * @param erasureId the erasure it concerns; null for an export or a refusal before one existed
 */
public record AuditEntry(
        String auditId,
        AuditAction action,
        Actor actor,
        String ownerId,
        String contactId,
        AuditOutcome outcome,
        String detail,
        String erasureId,
        Instant at) {}
