package com.keepintouch.reminder.library;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;

import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/** A tag cadence as a document of {@code tag_cadences}, one per owner and lower-cased tag. */
final class TagCadenceDocuments implements DocumentMapper<TagCadence> {

    static final String OWNER_ID = "ownerId";
    static final String TAG = "tag";
    static final String SPELLING = "spelling";
    static final String DAYS = "days";
    static final String UPDATED_AT = "updatedAt";

    @Override
    public Document toDocument(TagCadence c) {
        return new Document(OWNER_ID, c.ownerId())
                .append(TAG, c.tag())
                .append(SPELLING, c.spelling())
                .append(DAYS, c.days())
                .append(UPDATED_AT, date(c.updatedAt()));
    }

    @Override
    public TagCadence fromDocument(Document d) {
        return new TagCadence(
                d.getString(OWNER_ID),
                d.getString(TAG),
                d.getString(SPELLING),
                integer(d, DAYS),
                instant(d, UPDATED_AT));
    }
}
