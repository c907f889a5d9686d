package com.keepintouch.reminder.library;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.platform.system.DocumentMapper;
import com.keepintouch.reminder.relationship.domain.Shareable;
import org.apache.commons.codec.digest.DigestUtils;
import org.bson.Document;

/**
 * An item of an owner's library as a document of {@code shareables}. {@code urlKey}, the SHA-256 of
 * the url, holds an owner's link once under a unique index of bounded size, however long the url.
 */
final class ShareableDocuments implements DocumentMapper<Shareable> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String URL = "url";
    static final String URL_KEY = "urlKey";
    static final String TITLE = "title";
    static final String TOPICS = "topics";
    static final String CREATED_AT = "createdAt";

    static String urlKey(String url) {
        return DigestUtils.sha256Hex(url);
    }

    @Override
    public Document toDocument(Shareable s) {
        return new Document(ID, s.id())
                .append(OWNER_ID, s.ownerId())
                .append(URL, s.url())
                .append(URL_KEY, urlKey(s.url()))
                .append(TITLE, s.title())
                .append(TOPICS, s.topics())
                .append(CREATED_AT, date(s.createdAt()));
    }

    @Override
    public Shareable fromDocument(Document d) {
        return new Shareable(
                d.getString(ID),
                d.getString(OWNER_ID),
                d.getString(URL),
                d.getString(TITLE),
                strings(d, TOPICS),
                instant(d, CREATED_AT));
    }
}
