package com.keepintouch.contact.audit;

import com.keepintouch.contact.contacts.domain.ContactIds;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Records every erase request and export, refusals and failures too: an audit.recorded on audit.v1
 * (through the outbox of {@code audit_events}) and one log line, both with ids, scopes and the
 * outcome only, never a name, an address or anything else the contact holds.
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    /** The contactId of an entry whose request named something that is not a contact id. */
    static final String NOT_AN_ID = "(not a contact id)";

    private final AuditEvents events;
    private final Clock clock;

    AuditTrail(AuditEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** A new audit id: {@code au_} and 32 hex digits. */
    public static String nextId() {
        return "au_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Records a new entry. */
    public AuditEntry record(
            AuditAction action,
            Actor actor,
            String ownerId,
            String contactId,
            AuditOutcome outcome,
            String detail,
            String erasureId) {
        AuditEntry entry = entry(nextId(), action, actor, ownerId, contactId, outcome, detail, erasureId);
        store(entry);
        return entry;
    }

    /**
     * Records the entry {@code auditId} unless it is recorded already (a step done again after a
     * crash or a redelivered event); whether this call recorded it.
     */
    public boolean recordOnce(
            String auditId,
            AuditAction action,
            Actor actor,
            String ownerId,
            String contactId,
            AuditOutcome outcome,
            String detail,
            String erasureId) {
        return store(entry(auditId, action, actor, ownerId, contactId, outcome, detail, erasureId));
    }

    private AuditEntry entry(
            String auditId,
            AuditAction action,
            Actor actor,
            String ownerId,
            String contactId,
            AuditOutcome outcome,
            String detail,
            String erasureId) {
        return new AuditEntry(
                auditId,
                action,
                actor,
                ownerId == null ? actor.id() : ownerId,
                // what a path names is repeated only when it is an id: it could be anything, an address too
                contactId != null && ContactIds.FORM.matcher(contactId).matches() ? contactId : NOT_AN_ID,
                outcome,
                detail,
                erasureId,
                clock.instant());
    }

    private boolean store(AuditEntry entry) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(RefusedByScope.AUDITED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
        boolean stored;
        try {
            stored = events.insert(entry);
        } catch (RuntimeException e) {
            log.warn(
                    "Audit not stored " + FIELDS + " reason={}",
                    fields(entry, e.getClass().getSimpleName()));
            throw e;
        }
        if (stored) {
            log.info(
                    "Audit recorded " + FIELDS + " detail=\"{}\"",
                    fields(entry, entry.detail() == null ? "" : entry.detail()));
        }
        return stored;
    }

    /** What every audit log line says of its entry, in this order; never personal data. */
    private static final String FIELDS =
            "auditId={} action={} outcome={} actor={} scopes={} ownerId={} contactId={} erasureId={}";

    private static Object[] fields(AuditEntry entry, Object last) {
        return new Object[] {
            entry.auditId(),
            entry.action().value(),
            entry.outcome(),
            entry.actor().id(),
            entry.actor().scopes(),
            entry.ownerId(),
            entry.contactId(),
            entry.erasureId(),
            last
        };
    }
}
