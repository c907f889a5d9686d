package com.keepintouch.contact.contacts;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.flag;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import com.keepintouch.platform.system.DocumentMapper;
import java.util.List;
import org.bson.Document;

/** A contact as a document of the {@code contacts} collection; the field names the queries use too. */
final class ContactDocuments implements DocumentMapper<Contact> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String NAME = "name";
    static final String EMAILS = "emails";
    static final String PHONE = "phone";
    static final String COMPANY = "company";
    static final String TITLE = "title";
    static final String TAGS = "tags";
    static final String TIER = "tier";
    static final String CADENCE_DAYS = "cadenceDays";
    static final String MET_AT = "metAt";
    static final String HOW_WE_MET = "howWeMet";
    static final String NOTES = "notes";
    static final String STATUS = "status";
    static final String TIMEZONE = "timezone";
    static final String VERSION = "version";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String DELETED = "deleted";
    static final String ERASED_AT = "erasedAt";
    static final String ERASURE_ID = "erasureId";

    /** The status of an erased contact's document; never a status a recruiter gives a contact. */
    static final String ERASED = "ERASED";

    /**
     * What an erasure removes from a contact's document: everything but its id, owner, version,
     * status and the erasure (and the outbox, whose staged events are sealed under the contact's key).
     */
    static final List<String> WIPED = List.of(
            NAME,
            EMAILS,
            PHONE,
            COMPANY,
            TITLE,
            TAGS,
            TIER,
            CADENCE_DAYS,
            MET_AT,
            HOW_WE_MET,
            NOTES,
            TIMEZONE,
            CREATED_AT,
            UPDATED_AT);

    @Override
    public Document toDocument(Contact contact) {
        ContactDraft f = contact.fields();
        return new Document(ID, contact.id())
                .append(OWNER_ID, contact.ownerId())
                .append(NAME, f.name())
                .append(EMAILS, f.emails())
                .append(PHONE, f.phone())
                .append(COMPANY, f.company())
                .append(TITLE, f.title())
                .append(TAGS, f.tags())
                .append(TIER, name(f.tier()))
                .append(CADENCE_DAYS, f.cadenceDays())
                .append(MET_AT, date(f.metAt()))
                .append(HOW_WE_MET, f.howWeMet())
                .append(NOTES, f.notes())
                .append(STATUS, name(f.status()))
                .append(TIMEZONE, f.timezone())
                .append(VERSION, contact.version())
                .append(CREATED_AT, date(contact.createdAt()))
                .append(UPDATED_AT, date(contact.updatedAt()))
                .append(DELETED, contact.deleted());
    }

    @Override
    public Contact fromDocument(Document d) {
        return new Contact(
                d.getString(ID),
                d.getString(OWNER_ID),
                new ContactDraft(
                        d.getString(NAME),
                        strings(d, EMAILS),
                        d.getString(PHONE),
                        d.getString(COMPANY),
                        d.getString(TITLE),
                        strings(d, TAGS),
                        enumValue(d, TIER, Tier.class),
                        integer(d, CADENCE_DAYS),
                        instant(d, MET_AT),
                        d.getString(HOW_WE_MET),
                        d.getString(NOTES),
                        enumValue(d, STATUS, ContactStatus.class),
                        d.getString(TIMEZONE)),
                longValue(d, VERSION),
                instant(d, CREATED_AT),
                instant(d, UPDATED_AT),
                flag(d, DELETED));
    }
}
