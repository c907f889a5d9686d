package com.keepintouch.contact.idempotency;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.name;

import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/**
 * An {@link IdempotencyKey} as a document of {@code idempotency_keys}. A running key is stored
 * without the answer's fields; {@link IdempotencyKeys#complete} sets them.
 */
final class IdempotencyKeyDocuments implements DocumentMapper<IdempotencyKey> {

    static final String ID = "_id";
    static final String REQUEST_HASH = "requestHash";
    static final String STATE = "state";
    static final String CREATED_AT = "createdAt";
    static final String STATUS = "status";
    static final String LOCATION = "location";
    static final String BODY = "body";

    @Override
    public Document toDocument(IdempotencyKey key) {
        Document document = new Document(ID, key.id())
                .append(REQUEST_HASH, key.requestHash())
                .append(STATE, name(key.state()))
                .append(CREATED_AT, date(key.createdAt()));
        if (key.state() == IdempotencyKey.State.DONE) {
            document.append(STATUS, key.status())
                    .append(LOCATION, key.location())
                    .append(BODY, key.body());
        }
        return document;
    }

    @Override
    public IdempotencyKey fromDocument(Document d) {
        return new IdempotencyKey(
                d.getString(ID),
                d.getString(REQUEST_HASH),
                enumValue(d, STATE, IdempotencyKey.State.class),
                instant(d, CREATED_AT),
                integer(d, STATUS),
                d.getString(LOCATION),
                d.getString(BODY));
    }
}
