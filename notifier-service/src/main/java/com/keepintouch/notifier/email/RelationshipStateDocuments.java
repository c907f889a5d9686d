package com.keepintouch.notifier.email;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/**
 * A relationship's latest state as a document of the {@code relationship_states} collection, keyed
 * by the contact; the field names the queries use too.
 */
final class RelationshipStateDocuments implements DocumentMapper<RelationshipState> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String CONTACT_NAME = "contactName";
    static final String STATUS = "status";
    static final String REASONS = "reasons";
    static final String SUGGESTED_ACTION = "suggestedAction";
    static final String NEXT_DUE_AT = "nextDueAt";
    static final String OVERDUE_AT = "overdueAt";
    static final String SEQUENCE = "sequence";

    @Override
    public Document toDocument(RelationshipState s) {
        return new Document(ID, s.contactId())
                .append(OWNER_ID, s.ownerId())
                .append(CONTACT_NAME, s.contactName())
                .append(STATUS, s.status())
                .append(REASONS, s.reasons())
                .append(SUGGESTED_ACTION, s.suggestedAction())
                .append(NEXT_DUE_AT, date(s.nextDueAt()))
                .append(OVERDUE_AT, date(s.overdueAt()))
                .append(SEQUENCE, s.sequence());
    }

    @Override
    public RelationshipState fromDocument(Document d) {
        return new RelationshipState(
                d.getString(ID),
                d.getString(OWNER_ID),
                d.getString(CONTACT_NAME),
                d.getString(STATUS),
                strings(d, REASONS),
                d.getString(SUGGESTED_ACTION),
                instant(d, NEXT_DUE_AT),
                instant(d, OVERDUE_AT),
                longValue(d, SEQUENCE));
    }
}
