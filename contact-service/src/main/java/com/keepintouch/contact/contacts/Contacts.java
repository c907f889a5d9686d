package com.keepintouch.contact.contacts;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.system.CollectionIndexes;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    Contacts(OutboxSource contactsOutbox, Outbox outbox, OutboxRelay relay) {
        this.source = contactsOutbox;
        this.collection = contactsOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
        // an owner's book in id order, whole or by tag, status or tier
        CollectionIndexes.declare(
                collection,
                List.of(
                        new IndexModel(Indexes.ascending("ownerId", "_id"), new IndexOptions().name("ownerId_1__id_1")),
                        new IndexModel(
                                Indexes.ascending("ownerId", "tags", "_id"), new IndexOptions().name("owner_tag")),
                        new IndexModel(
                                Indexes.ascending("ownerId", "status", "_id"), new IndexOptions().name("owner_status")),
                        new IndexModel(
                                Indexes.ascending("ownerId", "tier", "_id"), new IndexOptions().name("owner_tier"))));
    }

    void insert(Contact contact, StagedEvent event) {
        collection.insertOne(outbox.withEvents(contact.toDocument(), List.of(event)));
        relay.enqueue(source, contact.id());
    }

    void insertAll(List<Contact> contacts, List<StagedEvent> events) {
        if (contacts.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(contacts.size());
        for (int i = 0; i < contacts.size(); i++) {
            documents.add(outbox.withEvents(contacts.get(i).toDocument(), List.of(events.get(i))));
        }
        collection.insertMany(documents);
        relay.enqueue(source, contacts.stream().map(Contact::id).toList());
    }

    /** A live (not deleted) contact; looked up by _id alone so every MongoDB server uses the _id index. */
    Optional<Contact> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first())
                .map(Contact::fromDocument)
                .filter(contact -> !contact.deleted());
    }

    boolean isLive(String id) {
        return find(id).isPresent();
    }

    /** Stores {@code changed} if the stored version is still {@code expectedVersion}; false if someone was faster. */
    boolean replace(Contact changed, long expectedVersion, StagedEvent event) {
        List<Bson> sets = new ArrayList<>();
        changed.toDocument().forEach((field, value) -> {
            if (!"_id".equals(field)) {
                sets.add(Updates.set(field, value));
            }
        });
        sets.add(outbox.append(event));
        boolean stored = collection
                        .updateOne(
                                Filters.and(
                                        Filters.eq("_id", changed.id()),
                                        Filters.eq("version", expectedVersion),
                                        Filters.ne("deleted", true)),
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
        filters.add(Filters.ne("deleted", true));
        query.ownerId().ifPresent(owner -> filters.add(Filters.eq("ownerId", owner)));
        page.after().ifPresent(after -> filters.add(Filters.gt("_id", after.id())));
        query.tag().ifPresent(tag -> filters.add(Filters.eq("tags", tag)));
        query.tier().ifPresent(tier -> filters.add(Filters.eq("tier", tier.name())));
        query.status().ifPresent(status -> filters.add(Filters.eq("status", status.name())));
        query.text().ifPresent(text -> {
            Pattern pattern = Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
            filters.add(Filters.or(
                    Filters.regex("name", pattern),
                    Filters.regex("company", pattern),
                    Filters.regex("emails", pattern)));
        });
        return collection
                .find(Filters.and(filters))
                .sort(Sorts.ascending("_id"))
                .limit(page.fetchSize())
                .map(Contact::fromDocument)
                .into(new ArrayList<>());
    }
}
