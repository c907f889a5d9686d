package com.keepintouch.contact.erasure;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.contact.audit.Actor;
import com.keepintouch.contact.erasure.Erasure.Confirmation;
import com.keepintouch.platform.system.DocumentMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * An {@link Erasure} as a document of {@code erasures}. {@code ownStepsPendingSince} is there only
 * while contact-service's own steps are unfinished (the resume sweep's sparse index); a service's
 * entry under {@code services} is its confirmation.
 */
final class ErasureDocuments implements DocumentMapper<Erasure> {

    static final String ID = "_id";
    static final String CONTACT_ID = "contactId";
    static final String OWNER_ID = "ownerId";
    static final String REQUESTED_BY = "requestedBy";
    static final String REQUESTED_SCOPES = "requestedScopes";
    static final String REQUESTED_AT = "requestedAt";
    static final String STATUS = "status";
    static final String COMPLETED_AT = "completedAt";
    static final String OWN_STEPS_PENDING_SINCE = "ownStepsPendingSince";
    static final String REMOVED = "removed";
    static final String SERVICES = "services";
    static final String CONFIRMED_AT = "confirmedAt";
    static final String COMPLETED_AUDIT_ID = "completedAuditId";

    /** The field of one service's confirmation. */
    static String service(String service) {
        return SERVICES + "." + service;
    }

    @Override
    public Document toDocument(Erasure e) {
        Document services = new Document();
        e.confirmations().forEach((service, confirmation) -> services.append(service, toDocument(confirmation)));
        Document document = new Document(ID, e.erasureId())
                .append(CONTACT_ID, e.contactId())
                .append(OWNER_ID, e.ownerId())
                .append(REQUESTED_BY, e.requestedBy().id())
                .append(REQUESTED_SCOPES, e.requestedBy().scopes())
                .append(REQUESTED_AT, date(e.requestedAt()))
                .append(STATUS, name(e.status()))
                .append(COMPLETED_AT, date(e.completedAt()))
                .append(REMOVED, counts(e.removed()))
                .append(SERVICES, services)
                .append(COMPLETED_AUDIT_ID, e.completedAuditId());
        if (!e.ownStepsDone()) {
            document.append(OWN_STEPS_PENDING_SINCE, date(e.requestedAt()));
        }
        return document;
    }

    static Document toDocument(Confirmation confirmation) {
        return new Document(CONFIRMED_AT, date(confirmation.confirmedAt()))
                .append(REMOVED, counts(confirmation.removed()));
    }

    @Override
    public Erasure fromDocument(Document d) {
        Map<String, Confirmation> confirmations = new LinkedHashMap<>();
        Document services = d.get(SERVICES, Document.class);
        if (services != null) {
            services.forEach((service, value) -> {
                Document confirmation = (Document) value;
                confirmations.put(service, new Confirmation(instant(confirmation, CONFIRMED_AT), counts(confirmation)));
            });
        }
        return new Erasure(
                d.getString(ID),
                d.getString(CONTACT_ID),
                d.getString(OWNER_ID),
                new Actor(d.getString(REQUESTED_BY), strings(d, REQUESTED_SCOPES)),
                instant(d, REQUESTED_AT),
                enumValue(d, STATUS, Erasure.Status.class),
                instant(d, COMPLETED_AT),
                !d.containsKey(OWN_STEPS_PENDING_SINCE),
                counts(d),
                confirmations,
                d.getString(COMPLETED_AUDIT_ID));
    }

    private static Document counts(Map<String, Integer> counts) {
        Document document = new Document();
        counts.forEach(document::append);
        return document;
    }

    private static Map<String, Integer> counts(Document parent) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Document removed = parent.get(REMOVED, Document.class);
        if (removed != null) {
            removed.forEach((what, count) -> counts.put(what, ((Number) count).intValue()));
        }
        return counts;
    }
}
