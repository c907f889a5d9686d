package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.system.DocumentMapper;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import org.bson.Document;

/**
 * An archived touchpoint as a document of {@code relationship_touches}: keyed by the interaction id,
 * with its relationship's contact id and the touchpoint as one entry string, as in the relationship.
 */
final class ArchivedTouchDocuments implements DocumentMapper<ArchivedTouchDocuments.ArchivedTouch> {

    static final String ID = "_id";
    static final String CONTACT_ID = "contactId";
    static final String ENTRY = "entry";

    /** A touchpoint that left the window of the relationship with {@code contactId}. */
    record ArchivedTouch(String contactId, Touchpoint touchpoint) {}

    @Override
    public Document toDocument(ArchivedTouch archived) {
        return new Document(ID, archived.touchpoint().id())
                .append(CONTACT_ID, archived.contactId())
                .append(ENTRY, RelationshipDocuments.touchpointEntry(archived.touchpoint()));
    }

    @Override
    public ArchivedTouch fromDocument(Document d) {
        return new ArchivedTouch(d.getString(CONTACT_ID), RelationshipDocuments.touchpoint(d.getString(ENTRY)));
    }
}
