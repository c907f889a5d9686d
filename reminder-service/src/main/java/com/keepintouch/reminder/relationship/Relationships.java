package com.keepintouch.reminder.relationship;

import static com.keepintouch.reminder.relationship.RelationshipDocuments.CONTACT_TAGS;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.COOLING;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.ETAG;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.ID;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.LISTED;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.NEXT_DUE_AT;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.ONE_WAY;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.OWNER_ID;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.REMOVED;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.RESPONSIVENESS;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.STATUS;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.STRENGTH;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.STRENGTH_AFTER_TOUCH;
import static com.keepintouch.reminder.relationship.RelationshipDocuments.TOUCHED_AT;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.Relationship;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.Transition;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The relationships of this service's database, one document per contact.
 *
 * <p>Every write is a compare-and-set on {@code _id} and {@code etag}, a token the writer replaces
 * on every write: two writers of one relationship (a consumer and a sweep, or two instances during
 * a rebalance) never both succeed, so a transition is decided and staged exactly once. A token
 * rather than a counter, because a batch of writes learns which of its own landed by reading the
 * tokens back, and two writers of version n+1 would look alike.
 */
@Component
class Relationships {

    static final String COLLECTION = "relationships";

    private final MongoCollection<Document> collection;
    private final Outbox outbox;
    private final RelationshipDocuments documents = new RelationshipDocuments();

    Relationships(MongoDatabase database, Outbox outbox) {
        this.collection = database.getCollection(COLLECTION);
        this.outbox = outbox;
        CollectionIndexes.declare(
                collection,
                List.of(
                        // an owner's list by status, and whole, most overdue first; the same across owners
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, LISTED, STATUS, NEXT_DUE_AT, ID),
                                new IndexOptions().name("owner_status_due")),
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, LISTED, NEXT_DUE_AT, ID),
                                new IndexOptions().name("owner_due")),
                        new IndexModel(
                                Indexes.ascending(LISTED, STATUS, NEXT_DUE_AT, ID),
                                new IndexOptions().name("status_due")),
                        // an owner's list strongest or most responsive first, and the insights
                        new IndexModel(
                                Indexes.compoundIndex(
                                        Indexes.ascending(OWNER_ID, LISTED),
                                        Indexes.descending(STRENGTH),
                                        Indexes.ascending(ID)),
                                new IndexOptions().name("owner_strength")),
                        new IndexModel(
                                Indexes.compoundIndex(
                                        Indexes.ascending(OWNER_ID, LISTED),
                                        Indexes.descending(RESPONSIVENESS),
                                        Indexes.ascending(ID)),
                                new IndexOptions().name("owner_responsiveness")),
                        new IndexModel(
                                Indexes.compoundIndex(
                                        Indexes.ascending(OWNER_ID, LISTED),
                                        Indexes.descending(COOLING),
                                        Indexes.ascending(ID)),
                                new IndexOptions().name("owner_cooling")),
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, LISTED, ONE_WAY, RESPONSIVENESS, ID),
                                new IndexOptions().name("owner_one_way")),
                        // an owner's relationships with a tag, when the owner's cadence for it changes
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, CONTACT_TAGS, ID), new IndexOptions().name("owner_tags"))),
                "etag"); // compare-and-set goes by _id now, as every MongoDB serves it
    }

    MongoCollection<Document> collection() {
        return collection;
    }

    /**
     * The orders of an owner's list: by due date (earliest first, so the most overdue lead), or by a
     * score as of the relationship's last write (highest first); each then by id.
     */
    enum Sort {
        DUE,
        STRENGTH,
        RESPONSIVENESS;

        /** The name the API knows it by. */
        String parameter() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What the lists by score and the insights are sorted by, as of the relationship's last write:
     * the daily refresh keeps them within a day of the scores as time alone moves them.
     *
     * @param cooling the strength lost since right after the last touch (never below 0)
     * @param strengthAfterTouch the strength right after the last touch, the baseline of cooling
     * @param touchedAt the last touch that baseline is of; null without a touch
     */
    record ListingKeys(
            int strength, int responsiveness, int cooling, boolean oneWay, int strengthAfterTouch, Instant touchedAt) {}

    /**
     * A relationship as stored, with the token its next write must name.
     *
     * @param nextCheckAt when it is filed in the agenda, if it is
     * @param keys the score keys; null for a relationship written before they existed
     */
    record Stored(
            Relationship relationship,
            String etag,
            long sequence,
            Instant nextDueAt,
            Instant nextCheckAt,
            ListingKeys keys) {

        Stored(Relationship relationship, String etag, long sequence, Instant nextDueAt, Instant nextCheckAt) {
            this(relationship, etag, sequence, nextDueAt, nextCheckAt, null);
        }

        /** Where a page by due date that ends with this relationship resumes: by due date, then id. */
        Position position() {
            return new Position(nextDueAt, relationship.contactId());
        }

        /** Where a page in {@code sort} order that ends with this relationship resumes. */
        Position position(Sort sort) {
            return switch (sort) {
                case DUE -> position();
                case STRENGTH -> Position.of(keys.strength(), relationship.contactId());
                case RESPONSIVENESS -> Position.of(keys.responsiveness(), relationship.contactId());
            };
        }
    }

    /**
     * A write of one relationship.
     *
     * @param before what the change was computed from; null for a relationship not stored yet
     * @param nextCheckAt when it is filed in the agenda: the next time its status may change, or
     *     its next daily refresh of the score keys, whichever comes first
     * @param keys the score keys as of this change; null while the contact is unknown
     */
    record Change(
            Stored before,
            Relationship after,
            Assessment assessment,
            List<Transition> transitions,
            List<StagedEvent> events,
            long sequence,
            Instant nextCheckAt,
            ListingKeys keys) {

        /** A change filed in the agenda by its status alone, without score keys (tests and benchmarks). */
        Change(
                Stored before,
                Relationship after,
                Assessment assessment,
                List<Transition> transitions,
                List<StagedEvent> events,
                long sequence) {
            this(
                    before,
                    after,
                    assessment,
                    transitions,
                    events,
                    sequence,
                    assessment == null ? null : assessment.nextCheckAt(),
                    null);
        }

        String contactId() {
            return after.contactId();
        }

        /** The relationship as this change stores it, under a new write token. */
        Stored stored(String etag) {
            return new Stored(
                    after, etag, sequence, assessment == null ? null : assessment.nextDueAt(), nextCheckAt, keys);
        }
    }

    Map<String, Stored> load(Collection<String> contactIds) {
        Map<String, Stored> found = new HashMap<>();
        if (contactIds.isEmpty()) {
            return found;
        }
        for (Document document :
                collection.find(Filters.in(ID, contactIds)).projection(new Document(Outbox.PENDING_EVENTS, 0))) {
            Stored stored = documents.fromDocument(document);
            found.put(stored.relationship().contactId(), stored);
        }
        return found;
    }

    Optional<Stored> find(String contactId) {
        return Optional.ofNullable(load(List.of(contactId)).get(contactId));
    }

    /**
     * An owner's listed relationships that have one of {@code statuses} or fall due by {@code until},
     * soonest due first, at most {@code limit}: two queries, one on {@code owner_status_due} and one
     * on {@code owner_due}, merged.
     */
    List<Stored> dueBy(String owner, Collection<RelationshipStatus> statuses, Instant until, int limit) {
        Bson listed = Filters.and(Filters.eq(OWNER_ID, owner), Filters.eq(LISTED, true));
        Map<String, Stored> found = new java.util.LinkedHashMap<>();
        List<Bson> queries = List.of(
                Filters.and(
                        listed,
                        Filters.in(STATUS, statuses.stream().map(Enum::name).toList())),
                Filters.and(listed, Filters.lte(NEXT_DUE_AT, StoredValues.date(until))));
        for (Bson query : queries) {
            collection
                    .find(query)
                    .projection(new Document(Outbox.PENDING_EVENTS, 0))
                    .sort(Sorts.ascending(NEXT_DUE_AT, ID))
                    .limit(limit)
                    .forEach(d -> {
                        Stored stored = documents.fromDocument(d);
                        found.putIfAbsent(stored.relationship().contactId(), stored);
                    });
        }
        return found.values().stream()
                .sorted(java.util.Comparator.comparing(
                                Stored::nextDueAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                        .thenComparing(s -> s.relationship().contactId()))
                .limit(limit)
                .toList();
    }

    /**
     * Stores {@code changes}, each only if nobody else wrote its relationship since it was read.
     *
     * @return the contacts whose change lost to another writer and must be computed again
     */
    Set<String> save(List<Change> changes) {
        Set<String> lost = new HashSet<>();
        List<Change> inserts = changes.stream().filter(c -> c.before() == null).toList();
        List<Change> updates = changes.stream().filter(c -> c.before() != null).toList();
        Map<String, String> newEtags = new HashMap<>();

        if (!inserts.isEmpty()) {
            List<Document> inserted = new ArrayList<>(inserts.size());
            for (Change change : inserts) {
                String etag = UUID.randomUUID().toString();
                newEtags.put(change.contactId(), etag);
                Document document = documents.toDocument(change.stored(etag));
                inserted.add(change.events().isEmpty() ? document : outbox.withEvents(document, change.events()));
            }
            try {
                collection.insertMany(inserted, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                for (int index : DuplicateKeys.duplicatesOf(e)) {
                    lost.add(inserts.get(index).contactId());
                }
            }
        }

        if (!updates.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>(updates.size());
            for (Change change : updates) {
                String etag = UUID.randomUUID().toString();
                newEtags.put(change.contactId(), etag);
                List<Bson> sets = new ArrayList<>();
                documents.toDocument(change.stored(etag)).forEach((field, value) -> {
                    if (!ID.equals(field)) {
                        sets.add(Updates.set(field, value));
                    }
                });
                if (!change.events().isEmpty()) {
                    sets.add(outbox.append(change.events()));
                }
                if (change.after().erased()) {
                    sets.addAll(erasure(change.before().relationship()));
                }
                writes.add(new UpdateOneModel<>(
                        Filters.and(
                                Filters.eq(ID, change.contactId()),
                                Filters.eq(ETAG, change.before().etag())),
                        Updates.combine(sets)));
            }
            int matched = collection
                    .bulkWrite(writes, new BulkWriteOptions().ordered(false))
                    .getMatchedCount();
            if (matched < updates.size()) {
                List<String> ids = updates.stream().map(Change::contactId).toList();
                Map<String, String> stored = new HashMap<>();
                collection
                        .find(Filters.in(ID, ids))
                        .projection(new Document(ETAG, 1))
                        .forEach(d -> stored.put(d.getString(ID), d.getString(ETAG)));
                for (String id : ids) {
                    if (!newEtags.get(id).equals(stored.get(id))) {
                        lost.add(id);
                    }
                }
            }
        }
        return lost;
    }

    /** What an erasure leaves out of the document beside what it rewrites: the scores, and what it removed. */
    private static List<Bson> erasure(Relationship before) {
        List<Bson> updates = new ArrayList<>();
        for (String key : List.of(STRENGTH, RESPONSIVENESS, COOLING, ONE_WAY, STRENGTH_AFTER_TOUCH, TOUCHED_AT)) {
            updates.add(Updates.unset(key));
        }
        if (!before.erased()) { // counted once, by the write that erased it
            RelationshipFacts facts = before.facts();
            updates.add(Updates.set(REMOVED + ".relationships", facts.contact() == null ? 0 : 1));
            updates.add(Updates.set(REMOVED + ".touches", facts.touchpoints().size()));
            updates.add(Updates.set(REMOVED + ".plannedTouches", facts.planned().size()));
            updates.add(Updates.set(REMOVED + ".snoozes", facts.snoozes().size()));
            updates.add(
                    Updates.set(REMOVED + ".announcements", before.occasions().size()));
        }
        return updates;
    }

    /** Adds {@code count} archived touches to what the erasure of this relationship removed. */
    void countRemovedArchive(String contactId, long count) {
        if (count > 0) {
            collection.updateOne(Filters.eq(ID, contactId), Updates.inc(REMOVED + ".archivedTouches", count));
        }
    }

    /** What the erasure of this relationship removed, by kind (counts, nothing personal); empty if none. */
    Map<String, Integer> removed(String contactId) {
        Document found = collection
                .find(Filters.eq(ID, contactId))
                .projection(new Document(REMOVED, 1))
                .first();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        Document removed = found == null ? null : found.get(REMOVED, Document.class);
        if (removed != null) {
            removed.forEach((kind, count) -> counts.put(kind, ((Number) count).intValue()));
        }
        return counts;
    }

    /** The contacts of an owner's listed relationships whose contact has {@code tagKey} (lower case) among its tags. */
    List<String> contactsTagged(String ownerId, String tagKey) {
        List<String> ids = new ArrayList<>();
        collection
                .find(Filters.and(
                        Filters.eq(OWNER_ID, ownerId), Filters.eq(CONTACT_TAGS, tagKey), Filters.eq(LISTED, true)))
                .projection(new Document(ID, 1))
                .forEach(d -> ids.add(d.getString(ID)));
        return ids;
    }

    /** A page of an owner's (or every owner's) relationships in {@code sort} order. */
    List<Stored> list(Optional<String> owner, Optional<RelationshipStatus> status, Sort sort, PageRequest page) {
        if (sort == Sort.DUE) {
            return list(owner, status, page);
        }
        String key = sort == Sort.STRENGTH ? STRENGTH : RESPONSIVENESS;
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        filters.add(Filters.eq(LISTED, true));
        status.ifPresent(s -> filters.add(Filters.eq(STATUS, s.name())));
        Optional<Position> after = page.after();
        // the bound lets the index start at the cursor, and leaves out what has no score yet
        filters.add(Filters.lte(key, after.map(Position::number).orElse((long) Integer.MAX_VALUE)));
        after.ifPresent(a -> filters.add(Filters.or(
                Filters.lt(key, a.number()), Filters.and(Filters.eq(key, a.number()), Filters.gt(ID, a.id())))));
        return find(Filters.and(filters), Sorts.orderBy(Sorts.descending(key), Sorts.ascending(ID)), page.fetchSize());
    }

    /** The strongest of an owner's (or every owner's) relationships, strongest first. */
    List<Stored> warmest(Optional<String> owner, int limit) {
        return ranked(owner, Filters.gte(STRENGTH, 0), Sorts.descending(STRENGTH), limit);
    }

    /** The relationships that lost most strength since their last touch, the most first. */
    List<Stored> coolingFastest(Optional<String> owner, int limit) {
        return ranked(owner, Filters.gt(COOLING, 0), Sorts.descending(COOLING), limit);
    }

    /** The one-way relationships, least responsive (the most outreaches unanswered) first. */
    List<Stored> oneWay(Optional<String> owner, int limit) {
        return ranked(
                owner,
                Filters.and(Filters.eq(ONE_WAY, true), Filters.gte(RESPONSIVENESS, 0)),
                Sorts.ascending(RESPONSIVENESS),
                limit);
    }

    private List<Stored> ranked(Optional<String> owner, Bson filter, Bson sort, int limit) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        filters.add(Filters.eq(LISTED, true));
        filters.add(filter);
        return find(Filters.and(filters), Sorts.orderBy(sort, Sorts.ascending(ID)), limit);
    }

    private List<Stored> find(Bson filter, Bson sort, int limit) {
        List<Stored> fetched = new ArrayList<>(limit);
        collection
                .find(filter)
                .projection(new Document(Outbox.PENDING_EVENTS, 0))
                .sort(sort)
                .limit(limit)
                .forEach(d -> fetched.add(documents.fromDocument(d)));
        return fetched;
    }

    /**
     * The listed relationships stored before the score keys existed, by id: a scan of every listed
     * relationship (by the status index), which {@link ScoreBackfill} makes once.
     */
    Iterable<String> withoutScores() {
        return collection
                .find(Filters.and(
                        Filters.eq(LISTED, true),
                        Filters.in(
                                STATUS,
                                java.util.Arrays.stream(RelationshipStatus.values())
                                        .map(Enum::name)
                                        .toList()),
                        Filters.exists(STRENGTH, false)))
                .projection(new Document(ID, 1))
                .map(d -> d.getString(ID));
    }

    /** A page of an owner's (or every owner's) relationships, most overdue first. */
    List<Stored> list(Optional<String> owner, Optional<RelationshipStatus> status, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        filters.add(Filters.eq(LISTED, true));
        status.ifPresent(s -> filters.add(Filters.eq(STATUS, s.name())));
        if (page.after().isPresent()) {
            Position after = page.after().get();
            Date due = StoredValues.date(after.at());
            filters.add(Filters.gte(NEXT_DUE_AT, due)); // lets the index start at the cursor
            filters.add(Filters.or(
                    Filters.gt(NEXT_DUE_AT, due),
                    Filters.and(Filters.eq(NEXT_DUE_AT, due), Filters.gt(ID, after.id()))));
        }
        List<Stored> fetched = new ArrayList<>(page.fetchSize());
        collection
                .find(Filters.and(filters))
                .projection(new Document(Outbox.PENDING_EVENTS, 0))
                .sort(Sorts.ascending(NEXT_DUE_AT, ID))
                .limit(page.fetchSize())
                .forEach(d -> fetched.add(documents.fromDocument(d)));
        return fetched;
    }

    /** Counts by status of listed relationships. */
    Map<RelationshipStatus, Long> countByStatus(Optional<String> owner) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        filters.add(Filters.eq(LISTED, true));
        Map<RelationshipStatus, Long> counts = new EnumMap<>(RelationshipStatus.class);
        for (RelationshipStatus status : RelationshipStatus.values()) {
            counts.put(status, 0L);
        }
        collection
                .aggregate(List.of(
                        Aggregates.match(Filters.and(filters)),
                        Aggregates.group("$" + STATUS, Accumulators.sum("count", 1))))
                .forEach(d ->
                        counts.put(RelationshipStatus.valueOf(d.getString(ID)), StoredValues.longValue(d, "count")));
        return counts;
    }
}
