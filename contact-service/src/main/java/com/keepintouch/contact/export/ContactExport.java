package com.keepintouch.contact.export;

import com.keepintouch.contact.audit.Actor;
import com.keepintouch.contact.audit.AuditAction;
import com.keepintouch.contact.audit.AuditOutcome;
import com.keepintouch.contact.audit.AuditTrail;
import com.keepintouch.contact.contacts.ContactManagement;
import com.keepintouch.contact.contacts.ContactResponse;
import com.keepintouch.contact.contacts.OwnedContact;
import com.keepintouch.contact.contacts.domain.ContactIds;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.personal.PersonErasedException;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.Scope;
import com.keepintouch.platform.web.ApiException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Exports what every service holds about one contact, for its owner or an admin: the contact from
 * here and each other service's section over its API with the caller's own token. Whole or not at
 * all: a service that does not answer fails the export. Audited either way, refusals included.
 */
@Service
class ContactExport {

    private final ContactManagement contacts;
    private final PersonalDataClient services;
    private final AuditTrail audit;
    private final Clock clock;

    ContactExport(ContactManagement contacts, PersonalDataClient services, AuditTrail audit, Clock clock) {
        this.contacts = contacts;
        this.services = services;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param authorization the caller's {@code Authorization} header, passed on to the services
     */
    PersonalDataExport export(Caller caller, String contactId, String authorization) {
        Actor actor = Actor.of(caller);
        // Scopes before ownership: ops reads everything but exports nobody's personal data.
        if (!caller.isAdmin() && !caller.scopes().contains(Scope.RECRUITER)) {
            audit.record(
                    AuditAction.EXPORT,
                    actor,
                    null,
                    contactId,
                    AuditOutcome.FORBIDDEN,
                    "only the owner or an admin may export",
                    null);
            throw RequestRefused.forbidden("Only the contact's owner or an admin may export a contact's personal data");
        }
        Optional<OwnedContact> owned =
                ContactIds.FORM.matcher(contactId).matches() ? contacts.owned(contactId) : Optional.empty();
        if (owned.isEmpty() || !caller.mayAccess(owned.get().ownerId())) {
            audit.record(AuditAction.EXPORT, actor, null, contactId, AuditOutcome.NOT_FOUND, null, null);
            throw RequestRefused.notFound("Contact", contactId);
        }
        String ownerId = owned.get().ownerId();
        if (owned.get().erased()) {
            audit.record(
                    AuditAction.EXPORT,
                    actor,
                    ownerId,
                    contactId,
                    AuditOutcome.NOT_FOUND,
                    "the contact was erased",
                    owned.get().erasureId());
            throw new PersonErasedException(contactId);
        }
        ContactResponse contact;
        try {
            contact = contacts.read(caller, contactId);
        } catch (RequestRefused deleted) {
            audit.record(
                    AuditAction.EXPORT,
                    actor,
                    ownerId,
                    contactId,
                    AuditOutcome.NOT_FOUND,
                    "the contact was deleted",
                    null);
            throw deleted;
        }
        JsonNode interactions =
                section(PersonalDataClient.INTERACTION_SERVICE, actor, ownerId, contactId, authorization);
        JsonNode relationship = section(PersonalDataClient.REMINDER_SERVICE, actor, ownerId, contactId, authorization);
        JsonNode notifications = section(PersonalDataClient.NOTIFIER_SERVICE, actor, ownerId, contactId, authorization);
        audit.record(AuditAction.EXPORT, actor, ownerId, contactId, AuditOutcome.COMPLETED, null, null);
        return new PersonalDataExport(contactId, clock.instant(), contact, interactions, relationship, notifications);
    }

    private JsonNode section(String service, Actor actor, String ownerId, String contactId, String authorization) {
        try {
            return services.section(service, contactId, authorization);
        } catch (ApiException unavailable) {
            try {
                audit.record(
                        AuditAction.EXPORT,
                        actor,
                        ownerId,
                        contactId,
                        AuditOutcome.FAILED,
                        unavailable.getMessage(),
                        null);
            } catch (RuntimeException auditFailed) {
                unavailable.addSuppressed(
                        auditFailed); // its log line is written; the caller still learns which service failed
            }
            throw unavailable;
        }
    }
}
