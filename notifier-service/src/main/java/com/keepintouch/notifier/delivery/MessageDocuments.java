package com.keepintouch.notifier.delivery;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;

import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/**
 * A message as a document of the {@code messages} collection; the field names the queries use too.
 * Its body is removed by an erasure of its contact or by the retention sweep; the rest stays.
 */
final class MessageDocuments implements DocumentMapper<Message> {

    static final String ID = "_id";
    static final String EVENT_ID = "eventId";
    static final String TYPE = "type";
    static final String OWNER_ID = "ownerId";
    static final String CONTACT_ID = "contactId";
    static final String TIMESTAMP = "timestamp";
    static final String BODY = "body";
    static final String TRACEPARENT = "traceparent";
    /** When the body dates from; present only while the body is stored (sparse-indexed for the retention sweep). */
    static final String BODY_AT = "bodyAt";

    static final String BODY_REMOVED_AT = "bodyRemovedAt";
    static final String BODY_REMOVED_BY = "bodyRemovedBy";

    @Override
    public Document toDocument(Message message) {
        Document document = new Document(ID, message.id())
                .append(EVENT_ID, message.eventId())
                .append(TYPE, message.type())
                .append(OWNER_ID, message.ownerId())
                .append(CONTACT_ID, message.contactId())
                .append(TIMESTAMP, date(message.timestamp()))
                .append(BODY, message.body());
        putIfPresent(document, BODY_AT, message.body() == null ? null : date(message.timestamp()));
        putIfPresent(document, TRACEPARENT, message.traceparent());
        return document;
    }

    @Override
    public Message fromDocument(Document d) {
        return new Message(
                d.getString(ID),
                d.getString(EVENT_ID),
                d.getString(TYPE),
                d.getString(OWNER_ID),
                d.getString(CONTACT_ID),
                instant(d, TIMESTAMP),
                d.getString(BODY),
                d.getString(TRACEPARENT));
    }
}
