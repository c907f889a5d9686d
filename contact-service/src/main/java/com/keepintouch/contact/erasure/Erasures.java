package com.keepintouch.contact.erasure;

import static com.keepintouch.contact.erasure.ErasureDocuments.COMPLETED_AT;
import static com.keepintouch.contact.erasure.ErasureDocuments.COMPLETED_AUDIT_ID;
import static com.keepintouch.contact.erasure.ErasureDocuments.CONTACT_ID;
import static com.keepintouch.contact.erasure.ErasureDocuments.ID;
import static com.keepintouch.contact.erasure.ErasureDocuments.OWN_STEPS_PENDING_SINCE;
import static com.keepintouch.contact.erasure.ErasureDocuments.REMOVED;
import static com.keepintouch.contact.erasure.ErasureDocuments.STATUS;
import static com.keepintouch.contact.erasure.ErasureDocuments.service;

import com.keepintouch.contact.erasure.Erasure.Confirmation;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The {@code erasures} collection: one document per erased contact (unique by contact), with the
 * confirmations of the services and an outbox for contact-service's own erasure.confirmed.
 */
@Component
class Erasures {

    private final MongoCollection<Document> collection;
    private final OutboxSource source;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ErasureDocuments documents = new ErasureDocuments();

    Erasures(OutboxSource erasuresOutbox, Outbox outbox, OutboxRelay relay) {
        this.source = erasuresOutbox;
        this.collection = erasuresOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
        CollectionIndexes.declare(
                collection,
                List.of(
                        // one erasure per contact: a second request finds the first
                        new IndexModel(
                                Indexes.ascending(CONTACT_ID),
                                new IndexOptions().name("contactId_unique").unique(true)),
                        // the resume sweep reads only the erasures whose own steps are unfinished
                        new IndexModel(
                                Indexes.ascending(OWN_STEPS_PENDING_SINCE),
                                new IndexOptions().name("own_steps_pending").sparse(true))));
    }

    /** Stores a new erasure; false if the contact has one already. */
    boolean insert(Erasure erasure) {
        try {
            collection.insertOne(documents.toDocument(erasure));
            return true;
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    Optional<Erasure> find(String erasureId) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, erasureId)).first())
                .map(documents::fromDocument);
    }

    Optional<Erasure> ofContact(String contactId) {
        return Optional.ofNullable(
                        collection.find(Filters.eq(CONTACT_ID, contactId)).first())
                .map(documents::fromDocument);
    }

    /** Adds {@code count} to what contact-service's own steps removed of one kind. */
    void count(String erasureId, String what, int count) {
        if (count > 0) {
            collection.updateOne(Filters.eq(ID, erasureId), Updates.inc(REMOVED + "." + what, count));
        }
    }

    /**
     * Marks contact-service's own steps done, records its confirmation and stages its
     * erasure.confirmed in the same write; false if that was done already.
     */
    boolean finishOwnSteps(String erasureId, Confirmation confirmation, StagedEvent confirmed) {
        boolean stored = collection
                        .updateOne(
                                Filters.and(Filters.eq(ID, erasureId), Filters.exists(OWN_STEPS_PENDING_SINCE)),
                                Updates.combine(
                                        Updates.unset(OWN_STEPS_PENDING_SINCE),
                                        Updates.set(
                                                service(Erasure.OWN_SERVICE),
                                                ErasureDocuments.toDocument(confirmation)),
                                        outbox.append(confirmed)))
                        .getModifiedCount()
                == 1;
        if (stored) {
            relay.enqueue(source, erasureId);
        }
        return stored;
    }

    /** Records a service's confirmation; false if it had confirmed already (a redelivery, a second run). */
    boolean confirm(String erasureId, String service, Confirmation confirmation) {
        return collection
                        .updateOne(
                                Filters.and(Filters.eq(ID, erasureId), Filters.exists(service(service), false)),
                                Updates.set(service(service), ErasureDocuments.toDocument(confirmation)))
                        .getModifiedCount()
                == 1;
    }

    /** Marks it COMPLETED if it is in progress and every service confirmed; false otherwise. */
    boolean complete(String erasureId, Instant completedAt, String auditId) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq(ID, erasureId));
        filters.add(Filters.eq(STATUS, Erasure.Status.IN_PROGRESS.name()));
        Erasure.SERVICES.forEach(service -> filters.add(Filters.exists(service(service))));
        return collection
                        .updateOne(
                                Filters.and(filters),
                                Updates.combine(
                                        Updates.set(STATUS, Erasure.Status.COMPLETED.name()),
                                        Updates.set(COMPLETED_AT, StoredValues.date(completedAt)),
                                        Updates.set(COMPLETED_AUDIT_ID, auditId)))
                        .getModifiedCount()
                == 1;
    }

    /** Erasures whose own steps are unfinished since before {@code before}, the oldest first, at most {@code limit}. */
    List<Erasure> unfinished(Instant before, int limit) {
        return collection
                .find(Filters.lte(OWN_STEPS_PENDING_SINCE, StoredValues.date(before)))
                .sort(Sorts.ascending(OWN_STEPS_PENDING_SINCE))
                .limit(limit)
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }
}
