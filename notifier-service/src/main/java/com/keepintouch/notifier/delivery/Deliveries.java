package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Attempt;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.domain.Delivery.Transition;
import com.keepintouch.notifier.domain.Destination;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.WebhookDestination;
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

    private final MongoCollection<Document> collection;

    Deliveries(MongoDatabase database) {
        this.collection = database.getCollection("deliveries");
        Bson newest = Indexes.descending("createdAt", "_id");
        CollectionIndexes.declare(
                collection,
                List.of(
                        // the stuck-work scan
                        new IndexModel(
                                Indexes.ascending("status", "nextAttemptAt"),
                                new IndexOptions().name("pending_by_time")),
                        // the listings, newest first: by owner, by endpoint, by endpoint and status
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending("ownerId"), newest),
                                new IndexOptions().name("owner_newest")),
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending("endpointId"), newest),
                                new IndexOptions().name("endpoint_newest")),
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending("endpointId", "status"), newest),
                                new IndexOptions().name("endpoint_status_newest"))),
                "by_owner_time",
                "by_endpoint_time",
                "etag"); // compare-and-set goes by _id now, as every MongoDB serves it
    }

    /** The delivery as this instance last saw it: a write with this filter lands only if nobody changed it since. */
    static Bson current(Delivery delivery) {
        return Filters.and(Filters.eq("_id", delivery.id()), Filters.eq("etag", delivery.etag()));
    }

    /** Inserts deliveries not stored yet; the ones that were (a message read twice) are left alone. */
    List<Delivery> insertNew(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        try {
            collection.insertMany(
                    deliveries.stream().map(Deliveries::toDocument).toList(), new InsertManyOptions().ordered(false));
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
        return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first())
                .map(Deliveries::fromDocument);
    }

    List<Delivery> find(List<String> ids) {
        List<Delivery> found = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += Messages.IDS_PER_QUERY) {
            for (Document document : collection.find(Filters.in(
                    "_id", ids.subList(i, Math.min(ids.size(), i + Messages.IDS_PER_QUERY))))) {
                found.add(fromDocument(document));
            }
        }
        return found;
    }

    /**
     * Takes a pending delivery whose time has come and that nobody holds, for {@code until}; empty
     * if another instance was quicker.
     */
    Optional<Delivery> claim(Delivery delivery, Instant until) {
        Delivery claimed = delivery.claimed(until);
        return store(delivery, claimed) ? Optional.of(claimed) : Optional.empty();
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
                                "log",
                                List.of(attempt(transition.attempt().get())),
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
        update.add(Updates.inc("version", after.version() - before.version()));
        update.add(Updates.set("etag", after.etag()));
        update.add(Updates.set("leaseUntil", date(after.leaseUntil())));
        changed(update, "status", before, after, d -> d.status().name());
        changed(update, "attempts", before, after, Delivery::attempts);
        changed(update, "round", before, after, Delivery::round);
        changed(update, "nextAttemptAt", before, after, d -> date(d.nextAttemptAt()));
        changed(update, "responseStatus", before, after, Delivery::responseStatus);
        changed(update, "lastError", before, after, Delivery::lastError);
        changed(update, "deliveredAt", before, after, d -> date(d.deliveredAt()));
        changed(update, "failedAt", before, after, d -> date(d.failedAt()));
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
                        Filters.eq("status", Status.PENDING.name()),
                        Filters.lte("nextAttemptAt", Date.from(now)),
                        Filters.or(Filters.eq("leaseUntil", null), Filters.lte("leaseUntil", Date.from(now)))))
                .limit(limit)) {
            found.add(fromDocument(document));
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
        query.ownerId().ifPresent(owner -> matching.add(Filters.eq("ownerId", owner)));
        query.endpointId().ifPresent(endpoint -> matching.add(Filters.eq("endpointId", endpoint)));
        query.status().ifPresent(status -> matching.add(Filters.eq("status", status.name())));
        query.channel().ifPresent(channel -> matching.add(Filters.eq("channel", channel.name())));
        query.contactId().ifPresent(contact -> matching.add(Filters.eq("contactId", contact)));
        List<Bson> filters = new ArrayList<>();
        filters.add(matching.isEmpty() ? new Document() : Filters.and(matching));
        if (after.isPresent()) {
            Date at = Date.from(after.get().at());
            String id = after.get().id();
            filters.add(Filters.lte("createdAt", at)); // lets the index start there
            filters.add(Filters.or(
                    Filters.lt("createdAt", at), Filters.and(Filters.eq("createdAt", at), Filters.lt("_id", id))));
        }
        List<Delivery> page = new ArrayList<>();
        for (Document document : collection
                .find(Filters.and(filters))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id")))
                .limit(limit)) {
            page.add(fromDocument(document));
        }
        return page;
    }

    /** Deliveries by endpoint (email under {@code "email"}) and status. */
    Map<String, Map<String, Long>> countByTargetAndStatus() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Document group : collection.aggregate(List.of(Aggregates.group(
                new Document("target", "$endpointId").append("status", "$status"), Accumulators.sum("n", 1))))) {
            Document key = group.get("_id", Document.class);
            String target = key.getString("target") == null ? "email" : key.getString("target");
            counts.computeIfAbsent(target, t -> new LinkedHashMap<>())
                    .put(key.getString("status"), ((Number) group.get("n")).longValue());
        }
        return counts;
    }

    static Document toDocument(Delivery d) {
        Document document = new Document("_id", d.id())
                .append("channel", d.channel().name())
                .append("endpointId", d.endpointId().orElse(null))
                .append("ownerId", d.ownerId())
                .append("contactId", d.contactId())
                .append("messageId", d.messageId().orElse(null))
                .append("eventId", d.eventId())
                .append("eventType", d.eventType())
                .append("status", d.status().name())
                .append("attempts", d.attempts())
                .append("round", d.round())
                .append("nextAttemptAt", date(d.nextAttemptAt()))
                .append("leaseUntil", date(d.leaseUntil()))
                .append("createdAt", date(d.createdAt()))
                .append("log", d.log().stream().map(Deliveries::attempt).toList())
                .append("version", d.version())
                .append("etag", d.etag());
        if (d.destination() instanceof EmailDestination email) {
            document.append(
                    "email",
                    new Document("to", email.to())
                            .append("subject", email.subject())
                            .append("text", email.text())
                            .append("html", email.html())
                            .append("messageIdHeader", email.messageIdHeader()));
        }
        return document;
    }

    static Document attempt(Attempt attempt) {
        return new Document("at", date(attempt.at()))
                .append("latencyMs", attempt.latencyMs())
                .append("statusCode", attempt.statusCode())
                .append("error", attempt.error());
    }

    static Delivery fromDocument(Document d) {
        return new Delivery(
                d.getString("_id"),
                destination(d),
                d.getString("ownerId"),
                d.getString("contactId"),
                d.getString("eventId"),
                d.getString("eventType"),
                Status.valueOf(d.getString("status")),
                ((Number) d.get("attempts")).intValue(),
                d.getInteger("round", 0),
                instant(d.getDate("nextAttemptAt")),
                instant(d.getDate("leaseUntil")),
                d.getInteger("responseStatus"),
                d.getString("lastError"),
                instant(d.getDate("createdAt")),
                instant(d.getDate("deliveredAt")),
                instant(d.getDate("failedAt")),
                d.getList("log", Document.class, List.of()).stream()
                        .map(a -> new Attempt(
                                instant(a.getDate("at")),
                                ((Number) a.get("latencyMs")).longValue(),
                                a.getInteger("statusCode"),
                                a.getString("error")))
                        .toList(),
                ((Number) d.get("version")).longValue(),
                d.getString("etag"));
    }

    /** The channel's own fields: the endpoint and message of a webhook, the rendered email. */
    private static Destination destination(Document d) {
        if (Channel.valueOf(d.getString("channel")) == Channel.WEBHOOK) {
            return new WebhookDestination(d.getString("endpointId"), d.getString("messageId"));
        }
        Document email = d.get("email", Document.class);
        return new EmailDestination(
                email.getString("to"),
                email.getString("subject"),
                email.getString("text"),
                email.getString("html"),
                email.getString("messageIdHeader"));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
