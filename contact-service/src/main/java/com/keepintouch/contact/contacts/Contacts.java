package com.keepintouch.contact.contacts;

import static com.keepintouch.contact.contacts.ContactDocuments.COMPANY;
import static com.keepintouch.contact.contacts.ContactDocuments.DELETED;
import static com.keepintouch.contact.contacts.ContactDocuments.EMAILS;
import static com.keepintouch.contact.contacts.ContactDocuments.ERASED;
import static com.keepintouch.contact.contacts.ContactDocuments.ERASED_AT;
import static com.keepintouch.contact.contacts.ContactDocuments.ERASURE_ID;
import static com.keepintouch.contact.contacts.ContactDocuments.ID;
import static com.keepintouch.contact.contacts.ContactDocuments.NAME;
import static com.keepintouch.contact.contacts.ContactDocuments.OWNER_ID;
import static com.keepintouch.contact.contacts.ContactDocuments.STATUS;
import static com.keepintouch.contact.contacts.ContactDocuments.TAGS;
import static com.keepintouch.contact.contacts.ContactDocuments.TIER;
import static com.keepintouch.contact.contacts.ContactDocuments.VERSION;
import static com.keepintouch.platform.system.StoredValues.longValue;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The contacts collection: each document is a contact and its outbox of not yet published events. */
@Component
class Contacts {

    static final String COLLECTION = "contacts";

    private final MongoCollection<Document> collection;
    private final OutboxSource source;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ContactDocuments documents = new ContactDocuments();

    Contacts(OutboxSource contactsOutbox, Outbox outbox, OutboxRelay relay) {
        this.source = contactsOutbox;
        this.collection = contactsOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
        // an owner's book in id order, whole or by tag, status or tier
        CollectionIndexes.declare(
                collection,
                List.of(
                        new IndexModel(Indexes.ascending(OWNER_ID, ID), new IndexOptions().name("ownerId_1__id_1")),
                        new IndexModel(Indexes.ascending(OWNER_ID, TAGS, ID), new IndexOptions().name("owner_tag")),
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, STATUS, ID), new IndexOptions().name("owner_status")),
                        new IndexModel(Indexes.ascending(OWNER_ID, TIER, ID), new IndexOptions().name("owner_tier"))));
    }

    /**
     * Stores a new contact; false if its id was fenced meanwhile, because a create of one of its
     * addresses took the address over while this one was on its way ({@link EmailClaims}).
     */
    boolean insert(Contact contact, StagedEvent event) {
        try {
            collection.insertOne(outbox.withEvents(documents.toDocument(contact), List.of(event)));
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        relay.enqueue(source, contact.id());
        return true;
    }

    /** Stores new contacts; returns the positions of those whose id was fenced meanwhile, as {@link #insert}. */
    Set<Integer> insertAll(List<Contact> contacts, List<StagedEvent> events) {
        if (contacts.isEmpty()) {
            return Set.of();
        }
        List<Document> stored = new ArrayList<>(contacts.size());
        for (int i = 0; i < contacts.size(); i++) {
            stored.add(outbox.withEvents(documents.toDocument(contacts.get(i)), List.of(events.get(i))));
        }
        Set<Integer> fenced = Set.of();
        try {
            collection.insertMany(stored, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            fenced = DuplicateKeys.duplicatesOf(e);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            if (!fenced.contains(i)) {
                ids.add(contacts.get(i).id());
            }
        }
        relay.enqueue(source, ids);
        return fenced;
    }

    /**
     * A live (not deleted) contact; looked up by _id alone so every MongoDB server uses the _id index.
     * A tombstone (the id of a create that lost its address, {@link EmailClaims}) is a deleted contact.
     */
    Optional<Contact> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first())
                .filter(document -> !Boolean.TRUE.equals(document.getBoolean(DELETED)))
                .map(documents::fromDocument);
    }

    /**
     * Who owns a stored contact, live, deleted or erased, and the erasure that wiped it; empty for an
     * unknown id and for a fence's tombstone (which has no owner). Read by _id alone.
     */
    Optional<OwnedContact> owned(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first())
                .filter(document -> document.getString(OWNER_ID) != null)
                .map(document -> new OwnedContact(
                        id,
                        document.getString(OWNER_ID),
                        longValue(document, VERSION),
                        ERASED.equals(document.getString(STATUS)) ? document.getString(ERASURE_ID) : null));
    }

    /**
     * Wipes the contact's document down to its id, owner, version, status {@code ERASED} and the
     * erasure, and stages {@code event} (contact.erased) in the same write; false if the stored
     * version is no longer {@code expectedVersion} (or it was wiped meanwhile). It is also marked
     * deleted: every read of live contacts skips it, and a claim it held is anybody's to take.
     */
    boolean wipe(String id, long expectedVersion, String erasureId, Instant erasedAt, StagedEvent event) {
        List<Bson> changes = new ArrayList<>();
        ContactDocuments.WIPED.forEach(field -> changes.add(Updates.unset(field)));
        changes.add(Updates.set(STATUS, ERASED));
        changes.add(Updates.set(DELETED, true));
        changes.add(Updates.set(VERSION, expectedVersion + 1));
        changes.add(Updates.set(ERASURE_ID, erasureId));
        changes.add(Updates.set(ERASED_AT, StoredValues.date(erasedAt)));
        changes.add(outbox.append(event));
        boolean stored = collection
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, id),
                                        Filters.eq(VERSION, expectedVersion),
                                        Filters.ne(STATUS, ERASED)),
                                Updates.combine(changes))
                        .getModifiedCount()
                == 1;
        if (stored) {
            relay.enqueue(source, id);
        }
        return stored;
    }

    /** Stores {@code changed} if the stored version is still {@code expectedVersion}; false if someone was faster. */
    boolean replace(Contact changed, long expectedVersion, StagedEvent event) {
        List<Bson> sets = new ArrayList<>();
        documents.toDocument(changed).forEach((field, value) -> {
            if (!ID.equals(field)) {
                sets.add(Updates.set(field, value));
            }
        });
        sets.add(outbox.append(event));
        boolean stored = collection
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, changed.id()),
                                        Filters.eq(VERSION, expectedVersion),
                                        Filters.ne(DELETED, true)),
                                Updates.combine(sets))
                        .getModifiedCount()
                == 1;
        if (stored) {
            relay.enqueue(source, changed.id());
        }
        return stored;
    }

    /**
     * One page of live contacts in creation order; every value is matched as data, never as an
     * operator ({@code q} is quoted into a case-insensitive regular expression).
     */
    List<Contact> search(ContactQuery query, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.ne(DELETED, true));
        query.ownerId().ifPresent(owner -> filters.add(Filters.eq(OWNER_ID, owner)));
        page.after().ifPresent(after -> filters.add(Filters.gt(ID, after.id())));
        query.tag().ifPresent(tag -> filters.add(Filters.eq(TAGS, tag)));
        query.tier().ifPresent(tier -> filters.add(Filters.eq(TIER, tier.name())));
        query.status().ifPresent(status -> filters.add(Filters.eq(STATUS, status.name())));
        query.text().ifPresent(text -> {
            Pattern pattern = Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
            filters.add(Filters.or(
                    Filters.regex(NAME, pattern), Filters.regex(COMPANY, pattern), Filters.regex(EMAILS, pattern)));
        });
        return collection
                .find(Filters.and(filters))
                .sort(Sorts.ascending(ID))
                .limit(page.fetchSize())
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }
}
