package com.keepintouch.interaction.contacts;

import static com.keepintouch.platform.system.StoredValues.flag;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/** A {@link KnownContact} as a document of {@code known_contacts}, this service's projection. */
final class KnownContactDocuments implements DocumentMapper<KnownContact> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String DELETED = "deleted";
    static final String VERSION = "version";
    /** The contact's addresses, lowercased; absent in documents stored before they were kept. */
    static final String EMAILS = "emails";
    /** True once the contact was erased: a tombstone no event or lookup overwrites. */
    static final String ERASED = "erased";

    static final String ERASED_AT = "erasedAt";
    /**
     * The {@link KnownContact#addressHash hashes} of the addresses an erased contact had, kept only
     * until its erasure removed the mail that named them; absent otherwise.
     */
    static final String PENDING_ADDRESS_HASHES = "pendingAddressHashes";

    @Override
    public Document toDocument(KnownContact contact) {
        return new Document(ID, contact.contactId())
                .append(OWNER_ID, contact.ownerId())
                .append(DELETED, contact.deleted())
                .append(VERSION, contact.version())
                .append(EMAILS, contact.emails());
    }

    @Override
    public KnownContact fromDocument(Document d) {
        return new KnownContact(
                d.getString(ID), d.getString(OWNER_ID), flag(d, DELETED), longValue(d, VERSION), strings(d, EMAILS));
    }
}
