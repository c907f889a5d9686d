package com.keepintouch.contact.erasure;

import com.keepintouch.contact.audit.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The erasure of one contact, and how far it got: contact-service's own steps, and the services
 * that confirmed theirs. Complete once every service of {@link #SERVICES} confirmed.
 *
 * @param ownStepsDone whether contact-service wiped the contact, freed its addresses, forgot its
 *     answers, erased its key and confirmed; until then the resume sweep picks it up
 * @param removed what contact-service's own steps removed so far, counts by kind
 * @param confirmations by service name
 * @param completedAuditId the audit entry of the completion, chosen when it completed
 */
record Erasure(
        String erasureId,
        String contactId,
        String ownerId,
        Actor requestedBy,
        Instant requestedAt,
        Status status,
        Instant completedAt,
        boolean ownStepsDone,
        Map<String, Integer> removed,
        Map<String, Confirmation> confirmations,
        String completedAuditId) {

    /** The service whose steps {@link ContactErasure} carries out. */
    static final String OWN_SERVICE = "contact-service";

    /** Every service that holds personal data, each of which confirms its part. */
    static final List<String> SERVICES =
            List.of(OWN_SERVICE, "interaction-service", "reminder-service", "notifier-service");

    enum Status {
        IN_PROGRESS,
        COMPLETED
    }

    /** What one service reported: when, and counts of what it removed or anonymised. */
    record Confirmation(Instant confirmedAt, Map<String, Integer> removed) {

        Confirmation {
            removed = removed == null ? Map.of() : Map.copyOf(removed);
        }
    }

    Erasure {
        removed = Map.copyOf(removed);
        confirmations = Map.copyOf(confirmations);
    }

    static Erasure requested(String erasureId, String contactId, String ownerId, Actor actor, Instant now) {
        return new Erasure(
                erasureId, contactId, ownerId, actor, now, Status.IN_PROGRESS, null, false, Map.of(), Map.of(), null);
    }

    boolean allConfirmed() {
        return confirmations.keySet().containsAll(SERVICES);
    }
}
