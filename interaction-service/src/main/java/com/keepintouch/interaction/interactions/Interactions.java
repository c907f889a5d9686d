package com.keepintouch.interaction.interactions;

import static com.keepintouch.interaction.interactions.InteractionDocuments.CONTACT_ID;
import static com.keepintouch.interaction.interactions.InteractionDocuments.DELETED;
import static com.keepintouch.interaction.interactions.InteractionDocuments.ERASED;
import static com.keepintouch.interaction.interactions.InteractionDocuments.EXTERNAL_ID;
import static com.keepintouch.interaction.interactions.InteractionDocuments.ID;
import static com.keepintouch.interaction.interactions.InteractionDocuments.OCCURRED_AT;
import static com.keepintouch.interaction.interactions.InteractionDocuments.OWNER_ID;
import static com.keepintouch.interaction.interactions.InteractionDocuments.SUMMARY;
import static com.keepintouch.interaction.interactions.InteractionDocuments.SUMMARY_OCCURRED_AT;
import static com.keepintouch.platform.system.StoredValues.date;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.UniqueClaims;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The interactions collection (each document carries its outbox), the per-contact event sequence,
 * and the claims that make an {@code externalId} idempotent per owner.
 */
@Component
class Interactions {

    private final OutboxSource source;
    private final MongoCollection<Document> interactions;
    private final ContactSequences sequences;
    private final UniqueClaims externalIds;
    private final UniqueClaims.Holders holders;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final InteractionDocuments documents = new InteractionDocuments();

    Interactions(
            MongoDatabase database,
            OutboxSource interactionsOutbox,
            ContactSequences sequences,
            Outbox outbox,
            OutboxRelay relay) {
        this.source = interactionsOutbox;
        this.interactions = interactionsOutbox.collection();
        this.sequences = sequences;
        this.externalIds = new UniqueClaims(database.getCollection("interaction_external_ids"), "interactionId");
        UniqueClaims.Holders stored = UniqueClaims.storedIn(interactions, DELETED);
        // an anonymised interaction has no externalId any more: its claim, if erasure left it, is free
        this.holders = holder -> stored.keep(holder) && !erased(holder);
        this.outbox = outbox;
        this.relay = relay;
        // one contact's timeline and one owner's, newest first, in the order the pages are read
        CollectionIndexes.declare(
                interactions,
                List.of(
                        new IndexModel(
                                Indexes.compoundIndex(
                                        Indexes.ascending(OWNER_ID, CONTACT_ID), Indexes.descending(OCCURRED_AT, ID)),
                                new IndexOptions().name("owner_contact_newest")),
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending(OWNER_ID), Indexes.descending(OCCURRED_AT, ID)),
                                new IndexOptions().name("owner_newest")),
                        // sparse: only what still holds a summary, oldest first, for the retention sweep
                        new IndexModel(
                                Indexes.ascending(SUMMARY_OCCURRED_AT),
                                new IndexOptions().name("summary_retention").sparse(true))),
                "ownerId_1_contactId_1_occurredAt_1");
    }

    /** The next {@code sequence} of the events about one contact ({@link ContactSequences}). */
    long nextSequence(String contactId) {
        return sequences.next(contactId);
    }

    /**
     * Stores a new interaction; false if its id was fenced meanwhile, because another record of its
     * {@code externalId} took the claim over while this one was on its way ({@link #claimExternalId}).
     */
    boolean insert(Interaction interaction, StagedEvent event) {
        try {
            interactions.insertOne(outbox.withEvents(documents.toDocument(interaction), List.of(event)));
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        relay.enqueue(source, interaction.id());
        return true;
    }

    /**
     * A live interaction; looked up by _id alone so every MongoDB server uses the _id index. A
     * tombstone (the id of a record that lost its externalId, {@link #claimExternalId}) is a deleted one.
     */
    Optional<Interaction> find(String id) {
        return Optional.ofNullable(interactions.find(Filters.eq(ID, id)).first())
                .filter(document -> !Boolean.TRUE.equals(document.getBoolean(DELETED)))
                .filter(document -> !Boolean.TRUE.equals(document.getBoolean(ERASED)))
                .map(documents::fromDocument);
    }

    private boolean erased(String id) {
        return interactions
                        .find(Filters.and(Filters.eq(ID, id), Filters.eq(ERASED, true)))
                        .projection(new Document(ID, 1))
                        .first()
                != null;
    }

    boolean markDeleted(Interaction interaction, StagedEvent event) {
        boolean stored = interactions
                        .updateOne(
                                Filters.and(Filters.eq(ID, interaction.id()), Filters.ne(DELETED, true)),
                                Updates.combine(Updates.set(DELETED, true), outbox.append(event)))
                        .getModifiedCount()
                == 1;
        if (stored) {
            relay.enqueue(source, interaction.id());
        }
        return stored;
    }

    /**
     * Claims {@code externalId} of an owner for {@code interactionId}; returns the id of the live
     * interaction that already holds it, if one does. A claim whose interaction was deleted, or is
     * not stored (a crash in between, or a record still on its way, which is fenced so it cannot be
     * stored any more), is taken over ({@link UniqueClaims}).
     */
    Optional<String> claimExternalId(String ownerId, String externalId, String interactionId) {
        return externalIds.claim(ownerId + "\n" + externalId, interactionId, new Document(), holders);
    }

    /**
     * Claims the externalIds of these interactions (each has one, all distinct) with one write where
     * none is taken; returns the ids of those whose externalId another live interaction holds.
     */
    java.util.Set<String> claimExternalIds(List<Interaction> claiming) {
        List<UniqueClaims.Claim> claims = claiming.stream()
                .map(i -> new UniqueClaims.Claim(i.ownerId() + "\n" + i.externalId(), i.id(), new Document()))
                .toList();
        java.util.Set<String> held = new java.util.LinkedHashSet<>();
        for (int index : externalIds.claimAll(claims, holders)) {
            held.add(claiming.get(index).id());
        }
        return held;
    }

    /**
     * Stores new interactions, each with its event, in one write; returns the ids of those fenced
     * meanwhile (as {@link #insert} returns false for one), the others are stored and announced to
     * the relay together.
     */
    java.util.Set<String> insertAll(List<Interaction> stored, List<StagedEvent> events) {
        List<InsertOneModel<Document>> inserts = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            inserts.add(new InsertOneModel<>(
                    outbox.withEvents(documents.toDocument(stored.get(i)), List.of(events.get(i)))));
        }
        java.util.Set<String> fenced = new java.util.LinkedHashSet<>();
        try {
            interactions.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (int index : DuplicateKeys.duplicatesOf(e)) {
                fenced.add(stored.get(index).id());
            }
        }
        List<String> inserted = stored.stream()
                .map(Interaction::id)
                .filter(id -> !fenced.contains(id))
                .toList();
        if (!inserted.isEmpty()) {
            relay.enqueue(source, inserted);
        }
        return fenced;
    }

    /** The next {@code count} sequence numbers of a contact's events; returns the last of them. */
    long nextSequences(String contactId, int count) {
        return sequences.next(contactId, count);
    }

    /** The interaction that holds {@code externalId} of an owner now, if any. */
    Optional<String> externalIdHolder(String ownerId, String externalId) {
        return externalIds.holderOf(ownerId + "\n" + externalId);
    }

    void releaseExternalId(String ownerId, String externalId, String interactionId) {
        externalIds.release(ownerId + "\n" + externalId, interactionId);
    }

    /** Newest first; the cursor is the (occurredAt, id) of the last interaction of the previous page. */
    List<Interaction> search(InteractionQuery query, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.ne(DELETED, true));
        filters.add(Filters.ne(ERASED, true));
        query.ownerId().ifPresent(owner -> filters.add(Filters.eq(OWNER_ID, owner)));
        query.contactId().ifPresent(contact -> filters.add(Filters.eq(CONTACT_ID, contact)));
        query.from().ifPresent(from -> filters.add(Filters.gte(OCCURRED_AT, date(from))));
        query.to().ifPresent(to -> filters.add(Filters.lt(OCCURRED_AT, date(to))));
        // the bound on occurredAt alone lets the index start at the cursor; the $or settles ties
        page.after().ifPresent(cursor -> filters.add(Filters.lte(OCCURRED_AT, date(cursor.at()))));
        page.after()
                .ifPresent(cursor -> filters.add(Filters.or(
                        Filters.lt(OCCURRED_AT, date(cursor.at())),
                        Filters.and(Filters.eq(OCCURRED_AT, date(cursor.at())), Filters.lt(ID, cursor.id())))));
        return interactions
                .find(Filters.and(filters))
                .sort(Sorts.descending(OCCURRED_AT, ID))
                .limit(page.fetchSize())
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }

    /**
     * Anonymises up to {@code limit} interactions of the contact not anonymised yet, deleted ones
     * too: their externalIds are given up, and summary, externalId, url, shareableId and inReplyTo
     * removed; type, direction, occurredAt, recordedAt and source stay, for counts. Returns how many
     * it anonymised; 0 once none is left.
     */
    int anonymise(String ownerId, String contactId, int limit) {
        List<Document> batch = interactions
                .find(Filters.and(
                        Filters.eq(OWNER_ID, ownerId), Filters.eq(CONTACT_ID, contactId), Filters.ne(ERASED, true)))
                .sort(Sorts.descending(OCCURRED_AT, ID))
                .projection(new Document(ID, 1).append(EXTERNAL_ID, 1))
                .limit(limit)
                .into(new ArrayList<>());
        if (batch.isEmpty()) {
            return 0;
        }
        for (Document interaction : batch) {
            String externalId = interaction.getString(EXTERNAL_ID);
            if (externalId != null) {
                releaseExternalId(ownerId, externalId, interaction.getString(ID));
            }
        }
        interactions.updateMany(
                Filters.in(ID, batch.stream().map(d -> d.getString(ID)).toList()),
                Updates.combine(
                        Updates.set(ERASED, true),
                        Updates.unset(SUMMARY),
                        Updates.unset(SUMMARY_OCCURRED_AT),
                        Updates.unset(EXTERNAL_ID),
                        Updates.unset(InteractionDocuments.URL),
                        Updates.unset(InteractionDocuments.SHAREABLE_ID),
                        Updates.unset(InteractionDocuments.IN_REPLY_TO)));
        return batch.size();
    }

    /** How many interactions of the contact are anonymised. */
    long countAnonymised(String ownerId, String contactId) {
        return interactions.countDocuments(Filters.and(
                Filters.eq(OWNER_ID, ownerId), Filters.eq(CONTACT_ID, contactId), Filters.eq(ERASED, true)));
    }

    /**
     * Every interaction of the contact, deleted ones too, newest first, read {@code batchSize} at a
     * time from the owner's timeline index, each handed to {@code each} as it arrives.
     */
    void forEachOf(String ownerId, String contactId, int batchSize, Consumer<Interaction> each) {
        interactions
                .find(Filters.and(
                        Filters.eq(OWNER_ID, ownerId), Filters.eq(CONTACT_ID, contactId), Filters.ne(ERASED, true)))
                .sort(Sorts.descending(OCCURRED_AT, ID))
                .batchSize(batchSize)
                .forEach(d -> each.accept(documents.fromDocument(d)));
    }

    /** The ids of up to {@code limit} interactions that occurred before {@code cutoff} and still hold a summary, oldest first. */
    List<String> summariesBefore(Instant cutoff, int limit) {
        return interactions
                .find(Filters.lt(SUMMARY_OCCURRED_AT, date(cutoff)))
                .sort(Sorts.ascending(SUMMARY_OCCURRED_AT))
                .projection(new Document(ID, 1))
                .limit(limit)
                .map(d -> d.getString(ID))
                .into(new ArrayList<>());
    }

    /** Removes the summaries of these interactions, where they still occurred before {@code cutoff}; returns how many. */
    long removeSummaries(List<String> ids, Instant cutoff) {
        return interactions
                .updateMany(
                        Filters.and(Filters.in(ID, ids), Filters.lt(SUMMARY_OCCURRED_AT, date(cutoff))),
                        Updates.combine(Updates.unset(SUMMARY), Updates.unset(SUMMARY_OCCURRED_AT)))
                .getModifiedCount();
    }

    /**
     * One batch of the backfill of {@link InteractionDocuments#SUMMARY_OCCURRED_AT}: of up to {@code
     * limit} interactions after {@code afterId} in id order, those with a summary and without the
     * key get it. Returns the last id read, or null when there was none left.
     */
    String backfillSummaryKeys(String afterId, int limit) {
        List<Document> batch = interactions
                .find(Filters.gt(ID, afterId == null ? "" : afterId))
                .sort(Sorts.ascending(ID))
                .projection(new Document(ID, 1)
                        .append(SUMMARY, 1)
                        .append(OCCURRED_AT, 1)
                        .append(SUMMARY_OCCURRED_AT, 1))
                .limit(limit)
                .into(new ArrayList<>());
        if (batch.isEmpty()) {
            return null;
        }
        List<UpdateOneModel<Document>> writes = new ArrayList<>();
        for (Document d : batch) {
            if (d.getString(SUMMARY) != null && d.get(SUMMARY_OCCURRED_AT) == null && d.get(OCCURRED_AT) != null) {
                writes.add(new UpdateOneModel<>(
                        Filters.and(Filters.eq(ID, d.getString(ID)), Filters.exists(SUMMARY_OCCURRED_AT, false)),
                        Updates.set(SUMMARY_OCCURRED_AT, d.get(OCCURRED_AT))));
            }
        }
        if (!writes.isEmpty()) {
            interactions.bulkWrite(writes);
        }
        return batch.get(batch.size() - 1).getString(ID);
    }
}
