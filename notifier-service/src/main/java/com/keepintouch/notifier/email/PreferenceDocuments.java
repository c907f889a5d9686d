package com.keepintouch.notifier.email;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.name;

import com.keepintouch.platform.system.DocumentMapper;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import org.bson.Document;

/**
 * A person's preference as a document of the {@code preferences} collection, keyed by the owner;
 * the field names the queries and updates use too.
 */
final class PreferenceDocuments implements DocumentMapper<Preference> {

    static final String ID = "_id";
    static final String EMAIL = "email";
    static final String MODE = "mode";
    static final String TIMEZONE = "timezone";
    static final String DIGEST_HOUR = "digestHour";
    static final String DIGEST_DAY = "digestDay";
    static final String LAST_DIGEST = "lastDigest";
    static final String UPDATED_AT = "updatedAt";

    @Override
    public Document toDocument(Preference p) {
        return new Document(ID, p.ownerId())
                .append(EMAIL, p.email())
                .append(MODE, name(p.mode()))
                .append(TIMEZONE, p.timezone().getId())
                .append(DIGEST_HOUR, p.digestHour())
                .append(DIGEST_DAY, name(p.digestDay()))
                .append(LAST_DIGEST, p.lastDigest())
                .append(UPDATED_AT, date(p.updatedAt()));
    }

    /** A document without a digest hour has the default one; without {@code updatedAt}, the epoch. */
    @Override
    public Preference fromDocument(Document d) {
        return new Preference(
                d.getString(ID),
                d.getString(EMAIL),
                enumValue(d, MODE, Preference.Mode.class),
                ZoneId.of(d.getString(TIMEZONE)),
                Objects.requireNonNullElse(integer(d, DIGEST_HOUR), Preference.DEFAULT_DIGEST_HOUR),
                enumValue(d, DIGEST_DAY, DayOfWeek.class),
                d.getString(LAST_DIGEST),
                Objects.requireNonNullElse(instant(d, UPDATED_AT), Instant.EPOCH));
    }
}
