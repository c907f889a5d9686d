package com.keepintouch.contact.erasure;

import com.keepintouch.contact.audit.Actor;
import com.keepintouch.contact.audit.AuditAction;
import com.keepintouch.contact.audit.AuditOutcome;
import com.keepintouch.contact.audit.AuditTrail;
import com.keepintouch.contact.contacts.ContactManagement;
import com.keepintouch.contact.contacts.OwnedContact;
import com.keepintouch.contact.contacts.domain.ContactIds;
import com.keepintouch.contact.erasure.Erasure.Confirmation;
import com.keepintouch.contact.idempotency.IdempotencyKeys;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.personal.ContactKeys;
import com.keepintouch.platform.security.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Erases a contact: records the erasure (one per contact, so a second request answers the first),
 * carries out contact-service's own steps, each idempotent so a crash mid-way is resumed by
 * {@link ErasureResume}, and tracks the services' confirmations until every one has confirmed.
 *
 * <p>contact-service's steps, in this order: wipe the contact's document and stage contact.erased
 * in the same write (the other services erase on it); free its addresses; forget the idempotent
 * answers that hold its data; erase its key (every sealed copy of its data on the topics becomes
 * unreadable); confirm with erasure.confirmed.
 */
@Service
class ContactErasure {

    private static final Logger log = LoggerFactory.getLogger(ContactErasure.class);

    private final Erasures erasures;
    private final ErasureEvents events;
    private final ContactManagement contacts;
    private final IdempotencyKeys idempotencyKeys;
    private final ContactKeys keys;
    private final AuditTrail audit;
    private final Clock clock;

    ContactErasure(
            Erasures erasures,
            ErasureEvents events,
            ContactManagement contacts,
            IdempotencyKeys idempotencyKeys,
            ContactKeys keys,
            AuditTrail audit,
            Clock clock) {
        this.erasures = erasures;
        this.events = events;
        this.contacts = contacts;
        this.idempotencyKeys = idempotencyKeys;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Erases the caller's contact (any, for an admin), or answers the erasure it already has. An
     * unknown contact, or another owner's, is refused as not found. Audited either way.
     */
    Erasure request(Caller caller, String contactId) {
        Actor actor = Actor.of(caller);
        Optional<OwnedContact> contact;
        try {
            contact = ContactIds.FORM.matcher(contactId).matches() ? contacts.owned(contactId) : Optional.empty();
        } catch (RuntimeException e) {
            failed(actor, null, contactId, "the contact could not be read", e);
            throw e;
        }
        if (contact.isEmpty() || !caller.mayAccess(contact.get().ownerId())) {
            audit.record(AuditAction.ERASE, actor, null, contactId, AuditOutcome.NOT_FOUND, null, null);
            throw RequestRefused.notFound("Contact", contactId);
        }
        String ownerId = contact.get().ownerId();
        Erasure erasure;
        boolean accepted;
        try {
            Erasure requested = Erasure.requested(ErasureIds.next(), contactId, ownerId, actor, clock.instant());
            accepted = erasures.insert(requested);
            erasure = accepted
                    ? requested
                    : erasures.ofContact(contactId)
                            .orElseThrow(() -> new IllegalStateException("the erasure of " + contactId + " vanished"));
        } catch (RuntimeException e) {
            failed(actor, ownerId, contactId, "the erasure could not be stored", e);
            throw e;
        }
        String detail = null;
        if (!erasure.ownStepsDone()) {
            try {
                carryOut(erasure);
            } catch (RuntimeException e) {
                // Accepted all the same: the record is stored, and the sweep carries the steps out.
                log.warn(
                        "Erasure steps failed erasureId={} contactId={} reason={}",
                        erasure.erasureId(),
                        contactId,
                        e.getClass().getSimpleName());
                detail = "contact-service's steps failed (" + e.getClass().getSimpleName()
                        + ") and are resumed by the sweep";
            }
        }
        audit.record(
                AuditAction.ERASE,
                actor,
                ownerId,
                contactId,
                accepted ? AuditOutcome.ACCEPTED : AuditOutcome.ALREADY_ERASED,
                detail,
                erasure.erasureId());
        if (accepted) {
            log.info("Erasure accepted erasureId={} contactId={} ownerId={}", erasure.erasureId(), contactId, ownerId);
        }
        return erasures.find(erasure.erasureId()).orElse(erasure);
    }

    /** Audits a request that failed before it was accepted; the request's own failure stands. */
    private void failed(Actor actor, String ownerId, String contactId, String what, RuntimeException e) {
        try {
            audit.record(
                    AuditAction.ERASE,
                    actor,
                    ownerId,
                    contactId,
                    AuditOutcome.FAILED,
                    what + " (" + e.getClass().getSimpleName() + ")",
                    null);
        } catch (RuntimeException auditFailed) {
            e.addSuppressed(auditFailed); // the same database, most likely; its log line is written
        }
    }

    /** An erasure the caller may read: of their own contact, or any for ops and admin; otherwise 404. */
    Erasure get(Caller caller, String erasureId) {
        return (ErasureIds.FORM.matcher(erasureId).matches() ? erasures.find(erasureId) : Optional.<Erasure>empty())
                .filter(e -> caller.mayAccess(e.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Erasure", erasureId));
    }

    /**
     * contact-service's own steps, each idempotent: done again after a crash, a step already done
     * changes nothing (and counts nothing).
     */
    void carryOut(Erasure erasure) {
        String contactId = erasure.contactId();
        if (contacts.erase(contactId, erasure.erasureId(), clock.instant())) {
            erasures.count(erasure.erasureId(), "contacts", 1);
        }
        erasures.count(erasure.erasureId(), "emailClaims", contacts.releaseEmails(contactId));
        erasures.count(
                erasure.erasureId(),
                "idempotencyRecords",
                idempotencyKeys.forgetAnswersAbout("/api/contacts/" + contactId));
        if (keys.erase(contactId)) {
            erasures.count(erasure.erasureId(), "keys", 1);
        }
        Erasure counted = erasures.find(erasure.erasureId()).orElse(erasure);
        Confirmation confirmation = new Confirmation(clock.instant(), counted.removed());
        if (erasures.finishOwnSteps(erasure.erasureId(), confirmation, events.confirmed(counted, confirmation))) {
            log.info(
                    "Erasure steps done erasureId={} contactId={} service={} removed={}",
                    erasure.erasureId(),
                    contactId,
                    Erasure.OWN_SERVICE,
                    confirmation.removed());
        }
        complete(erasure.erasureId());
    }

    /**
     * Records a service's confirmation (once per erasure and service) and completes the erasure
     * when every service has confirmed. A confirmation of an erasure this service does not know is
     * logged and ignored (one of another environment's, or of a database restored from before it).
     */
    void confirmed(String erasureId, String service, Confirmation confirmation) {
        if (erasures.find(erasureId).isEmpty()) {
            log.warn("Erasure confirmation ignored erasureId={} service={} reason=unknown-erasure", erasureId, service);
            return;
        }
        if (erasures.confirm(erasureId, service, confirmation)) {
            log.info(
                    "Erasure confirmed erasureId={} service={} removed={}", erasureId, service, confirmation.removed());
        }
        complete(erasureId);
    }

    /** COMPLETED once all confirmed, and its audit entry recorded once, also when done again after a crash. */
    private void complete(String erasureId) {
        Optional<Erasure> current = erasures.find(erasureId);
        if (current.isEmpty() || !current.get().allConfirmed()) {
            return;
        }
        Instant now = clock.instant();
        if (current.get().status() == Erasure.Status.IN_PROGRESS) {
            erasures.complete(erasureId, now, AuditTrail.nextId());
            current = erasures.find(erasureId);
        }
        Erasure done = current.orElseThrow();
        if (done.status() == Erasure.Status.COMPLETED
                && audit.recordOnce(
                        done.completedAuditId(),
                        AuditAction.ERASE,
                        done.requestedBy(),
                        done.ownerId(),
                        done.contactId(),
                        AuditOutcome.COMPLETED,
                        "every service confirmed",
                        erasureId)) {
            log.info(
                    "Erasure completed erasureId={} contactId={} tookMs={}",
                    erasureId,
                    done.contactId(),
                    done.completedAt().toEpochMilli() - done.requestedAt().toEpochMilli());
        }
    }
}
