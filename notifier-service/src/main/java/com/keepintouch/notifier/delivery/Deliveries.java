package com.keepintouch.notifier.delivery;

import static com.keepintouch.notifier.delivery.DeliveryDocuments.ATTEMPTS;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.BODY_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.BODY_REMOVED_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.BODY_REMOVED_BY;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.CANCELLED_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.CHANNEL;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.CONTACT_ID;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.CREATED_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.DELIVERED_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.ENDPOINT_ID;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.ETAG;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.FAILED_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.ID;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.LAST_ERROR;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.LEASE_UNTIL;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.LOG;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.MENTIONS;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.NEXT_ATTEMPT_AT;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.OWNER_ID;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.RESPONSE_STATUS;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.ROUND;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.STATUS;
import static com.keepintouch.notifier.delivery.DeliveryDocuments.VERSION;
import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.name;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.domain.Delivery.Transition;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
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
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The deliveries collection. It stores what {@link Delivery}'s state machine decided, each change a
 * compare-and-set on {@code _id} and {@code etag} ({@link #current}) that writes only the fields that
 * changed: of two instances that both think they hold a delivery, only one records its attempt.
 */
@Component
class Deliveries {

    private final DeliveryDocuments documents = new DeliveryDocuments();
    private final MongoCollection<Document> collection;

    Deliveries(MongoDatabase database) {
        this.collection = database.getCollection("deliveries");
        Bson newest = Indexes.descending(CREATED_AT, ID);
        CollectionIndexes.declare(
                collection,
                List.of(
                        // the stuck-work scan
                        new IndexModel(
                                Indexes.ascending(STATUS, NEXT_ATTEMPT_AT), new IndexOptions().name("pending_by_time")),
                        // the listings, newest first: by owner, by endpoint, by endpoint and status
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending(OWNER_ID), newest),
                                new IndexOptions().name("owner_newest")),
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending(ENDPOINT_ID), newest),
                                new IndexOptions().name("endpoint_newest")),
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending(ENDPOINT_ID, STATUS), newest),
                                new IndexOptions().name("endpoint_status_newest")),
                        // a contact's deliveries: its erasure and export, and the list by contact
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending(CONTACT_ID), newest),
                                new IndexOptions().name("contact_newest")),
                        // the digests that list a contact, for its erasure
                        new IndexModel(
                                Indexes.ascending(MENTIONS),
                                new IndexOptions().name("mentions").sparse(true)),
                        // the email bodies still stored, oldest first: the retention sweep
                        new IndexModel(
                                Indexes.ascending(BODY_AT, ID),
                                new IndexOptions().name("body_kept").sparse(true))),
                "by_owner_time",
                "by_endpoint_time",
                "etag"); // compare-and-set goes by _id now, as every MongoDB serves it
    }

    /** The delivery as this instance last saw it: a write with this filter lands only if nobody changed it since. */
    static Bson current(Delivery delivery) {
        return Filters.and(Filters.eq(ID, delivery.id()), Filters.eq(ETAG, delivery.etag()));
    }

    /** Inserts deliveries not stored yet; the ones that were (a message read twice) are left alone. */
    List<Delivery> insertNew(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        try {
            collection.insertMany(
                    deliveries.stream().map(documents::toDocument).toList(), new InsertManyOptions().ordered(false));
            return deliveries;
        } catch (MongoBulkWriteException e) {
            Set<Integer> failed = DuplicateKeys.duplicatesOf(e);
            List<Delivery> inserted = new ArrayList<>();
            for (int i = 0; i < deliveries.size(); i++) {
                if (!failed.contains(i)) {
                    inserted.add(deliveries.get(i));
                }
            }
            return inserted;
        }
    }

    Optional<Delivery> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first()).map(documents::fromDocument);
    }

    List<Delivery> find(List<String> ids) {
        List<Delivery> found = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += Messages.IDS_PER_QUERY) {
            for (Document document :
                    collection.find(Filters.in(ID, ids.subList(i, Math.min(ids.size(), i + Messages.IDS_PER_QUERY))))) {
                found.add(documents.fromDocument(document));
            }
        }
        return found;
    }

    /**
     * Takes a pending delivery whose time has come and that nobody holds at {@code now}, for
     * {@code until}; empty if another instance was quicker, or its holder extended its hold.
     */
    Optional<Delivery> claim(Delivery delivery, Instant now, Instant until) {
        Delivery claimed = delivery.claimed(until);
        boolean taken = collection
                        .updateOne(
                                Filters.and(
                                        current(delivery),
                                        Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, date(now)))),
                                changes(delivery, claimed))
                        .getMatchedCount()
                == 1;
        return taken ? Optional.of(claimed) : Optional.empty();
    }

    /**
     * Extends this instance's hold on deliveries it attempted and could not record the outcome of
     * yet (the broker or the database is away), keeping their etag so that the outcome is still
     * recorded: meanwhile no other instance takes them over and sends them again. One taken over
     * already is left alone.
     */
    void hold(List<Delivery> held, Instant until) {
        List<WriteModel<Document>> writes = new ArrayList<>(held.size());
        for (Delivery delivery : held) {
            writes.add(new UpdateOneModel<>(current(delivery), Updates.set(LEASE_UNTIL, date(until))));
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * Makes a delivery pending again now, held by the caller until {@code until}: a retry by hand or a
     * recovery. Attempts and their log are kept; the retry schedule starts again.
     */
    Optional<Delivery> restart(Delivery delivery, Instant now, Instant until) {
        return store(delivery, delivery.restarted(now, until)) ? find(delivery.id()) : Optional.empty();
    }

    /** Stores {@code after} if the delivery is still {@code before}; false if someone changed it meanwhile. */
    private boolean store(Delivery before, Delivery after) {
        return collection.updateOne(current(before), changes(before, after)).getMatchedCount() == 1;
    }

    /**
     * Stores what attempts came to, in one unordered bulk write; a transition whose delivery
     * changed meanwhile (another instance took it) is not stored.
     */
    void record(List<Transition> transitions, int logSize) {
        List<WriteModel<Document>> writes = new ArrayList<>(transitions.size());
        for (Transition transition : transitions) {
            Bson update = changes(transition.before(), transition.after());
            if (transition.attempt().isPresent()) {
                update = Updates.combine(
                        update,
                        Updates.pushEach(
                                LOG,
                                List.of(DeliveryDocuments.attemptDocument(
                                        transition.attempt().get())),
                                new PushOptions().slice(-logSize)));
            }
            writes.add(new UpdateOneModel<>(current(transition.before()), update));
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * The update from {@code before} to {@code after}: a new version and etag, the hold, and every
     * other field of the state that changed (the log is pushed to, by {@link #record}).
     */
    private static Bson changes(Delivery before, Delivery after) {
        List<Bson> update = new ArrayList<>();
        update.add(Updates.inc(VERSION, after.version() - before.version()));
        update.add(Updates.set(ETAG, after.etag()));
        update.add(Updates.set(LEASE_UNTIL, date(after.leaseUntil())));
        changed(update, STATUS, before, after, d -> name(d.status()));
        changed(update, ATTEMPTS, before, after, Delivery::attempts);
        changed(update, ROUND, before, after, Delivery::round);
        changed(update, NEXT_ATTEMPT_AT, before, after, d -> date(d.nextAttemptAt()));
        changed(update, RESPONSE_STATUS, before, after, Delivery::responseStatus);
        changed(update, LAST_ERROR, before, after, Delivery::lastError);
        changed(update, DELIVERED_AT, before, after, d -> date(d.deliveredAt()));
        changed(update, FAILED_AT, before, after, d -> date(d.failedAt()));
        return Updates.combine(update);
    }

    private static void changed(
            List<Bson> update, String field, Delivery before, Delivery after, Function<Delivery, Object> value) {
        Object now = value.apply(after);
        if (!Objects.equals(value.apply(before), now)) {
            update.add(Updates.set(field, now));
        }
    }

    /** Pending deliveries whose time has passed and whose holder (if any) has let go: stuck work. */
    List<Delivery> stuck(Instant now, int limit) {
        List<Delivery> found = new ArrayList<>();
        for (Document document : collection
                .find(Filters.and(
                        Filters.eq(STATUS, name(Status.PENDING)),
                        Filters.lte(NEXT_ATTEMPT_AT, date(now)),
                        Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, date(now)))))
                .limit(limit)) {
            found.add(documents.fromDocument(document));
        }
        return found;
    }

    /** Which deliveries a list shows; an empty filter matches all. */
    record Query(
            Optional<String> ownerId,
            Optional<String> endpointId,
            Optional<Status> status,
            Optional<Channel> channel,
            Optional<String> contactId) {}

    /** A page, newest first, of the deliveries matching {@code query}, after {@code after}. */
    List<Delivery> list(Query query, Optional<Position> after, int limit) {
        List<Bson> matching = new ArrayList<>();
        query.ownerId().ifPresent(owner -> matching.add(Filters.eq(OWNER_ID, owner)));
        query.endpointId().ifPresent(endpoint -> matching.add(Filters.eq(ENDPOINT_ID, endpoint)));
        query.status().ifPresent(status -> matching.add(Filters.eq(STATUS, name(status))));
        query.channel().ifPresent(channel -> matching.add(Filters.eq(CHANNEL, name(channel))));
        query.contactId().ifPresent(contact -> matching.add(Filters.eq(CONTACT_ID, contact)));
        List<Bson> filters = new ArrayList<>();
        filters.add(matching.isEmpty() ? new Document() : Filters.and(matching));
        if (after.isPresent()) {
            Date at = date(after.get().at());
            String id = after.get().id();
            filters.add(Filters.lte(CREATED_AT, at)); // lets the index start there
            filters.add(Filters.or(
                    Filters.lt(CREATED_AT, at), Filters.and(Filters.eq(CREATED_AT, at), Filters.lt(ID, id))));
        }
        List<Delivery> page = new ArrayList<>();
        for (Document document : collection
                .find(Filters.and(filters))
                .sort(Sorts.orderBy(Sorts.descending(CREATED_AT), Sorts.descending(ID)))
                .limit(limit)) {
            page.add(documents.fromDocument(document));
        }
        return page;
    }

    /**
     * Cancels the pending deliveries about a contact and the pending digests that list it: each one
     * version on with a new etag, so that an instance holding one records nothing over it. How many.
     */
    long cancelPendingAbout(String contactId, Instant now) {
        Bson cancel = Updates.combine(
                Updates.set(STATUS, name(Status.CANCELLED)),
                Updates.set(CANCELLED_AT, date(now)),
                Updates.set(NEXT_ATTEMPT_AT, null),
                Updates.set(LEASE_UNTIL, null),
                Updates.set(ETAG, Delivery.newEtag()),
                Updates.inc(VERSION, 1));
        Bson pending = Filters.eq(STATUS, name(Status.PENDING));
        return collection
                        .updateMany(Filters.and(Filters.eq(CONTACT_ID, contactId), pending), cancel)
                        .getModifiedCount()
                + collection
                        .updateMany(Filters.and(Filters.eq(MENTIONS, contactId), pending), cancel)
                        .getModifiedCount();
    }

    /** Removes the stored email bodies about a contact (reminders); how many. */
    long removeEmailBodiesAbout(String contactId, Instant now) {
        return collection
                .updateMany(
                        Filters.and(Filters.eq(CONTACT_ID, contactId), Filters.exists(EMAIL_SUBJECT)),
                        removeBody(now, BodyRemoval.ERASURE))
                .getModifiedCount();
    }

    /** Removes the stored bodies of the digests that list a contact; how many. */
    long removeDigestBodiesMentioning(String contactId, Instant now) {
        return collection
                .updateMany(
                        Filters.and(Filters.eq(MENTIONS, contactId), Filters.exists(EMAIL_SUBJECT)),
                        removeBody(now, BodyRemoval.ERASURE))
                .getModifiedCount();
    }

    /** Every delivery about a contact, newest first; then the digests that list it. */
    List<Delivery> about(String contactId) {
        List<Delivery> found = new ArrayList<>();
        for (Document document : collection
                .find(Filters.eq(CONTACT_ID, contactId))
                .sort(Sorts.orderBy(Sorts.descending(CREATED_AT), Sorts.descending(ID)))) {
            found.add(documents.fromDocument(document));
        }
        for (Document document : collection.find(Filters.eq(MENTIONS, contactId))) {
            found.add(documents.fromDocument(document));
        }
        return found;
    }

    /** The ids of up to {@code limit} deliveries whose email body dates from before {@code cutoff}. */
    List<String> bodiesBefore(Instant cutoff, int limit) {
        return StoredBodies.before(collection, BODY_AT, cutoff, limit);
    }

    /** Removes the email bodies of these deliveries that still date from before {@code cutoff}; how many. */
    long removeBodies(List<String> ids, Instant cutoff, Instant now) {
        return StoredBodies.remove(collection, BODY_AT, ids, cutoff, removeBody(now, BodyRemoval.RETENTION));
    }

    /**
     * Gives {@code bodyAt} to emails stored before deliveries had it, a page in {@code _id} order
     * after {@code after}; the last id looked at, empty when there are no more.
     */
    Optional<String> backfillBodyAt(String after, int limit) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        String last = null;
        for (Document document : collection
                .find(after == null ? new Document() : Filters.gt(ID, after))
                .projection(Projections.include(ID, CHANNEL, CREATED_AT, BODY_AT, EMAIL_SUBJECT))
                .sort(Sorts.ascending(ID))
                .limit(limit)) {
            last = document.getString(ID);
            Document email = document.get(DeliveryDocuments.EMAIL, Document.class);
            if (email != null && email.containsKey(DeliveryDocuments.SUBJECT) && !document.containsKey(BODY_AT)) {
                writes.add(new UpdateOneModel<>(
                        Filters.and(Filters.eq(ID, last), Filters.exists(BODY_AT, false)),
                        Updates.set(BODY_AT, document.get(CREATED_AT))));
            }
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return Optional.ofNullable(last);
    }

    private static final String EMAIL_SUBJECT = DeliveryDocuments.EMAIL + "." + DeliveryDocuments.SUBJECT;

    private static Bson removeBody(Instant now, BodyRemoval why) {
        return Updates.combine(
                Updates.unset(EMAIL_SUBJECT),
                Updates.unset(DeliveryDocuments.EMAIL + "." + DeliveryDocuments.TEXT),
                Updates.unset(DeliveryDocuments.EMAIL + "." + DeliveryDocuments.HTML),
                Updates.unset(BODY_AT),
                Updates.set(BODY_REMOVED_AT, date(now)),
                Updates.set(BODY_REMOVED_BY, why.name()));
    }

    /** Deliveries by endpoint (email under {@code "email"}) and status. */
    Map<String, Map<String, Long>> countByTargetAndStatus() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Document group : collection.aggregate(List.of(Aggregates.group(
                new Document("target", "$" + ENDPOINT_ID).append("status", "$" + STATUS), Accumulators.sum("n", 1))))) {
            Document key = group.get("_id", Document.class);
            String target = key.getString("target") == null ? "email" : key.getString("target");
            counts.computeIfAbsent(target, t -> new LinkedHashMap<>())
                    .put(key.getString("status"), ((Number) group.get("n")).longValue());
        }
        return counts;
    }
}
