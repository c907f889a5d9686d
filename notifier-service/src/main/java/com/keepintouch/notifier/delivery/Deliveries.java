package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.delivery.Delivery.Attempt;
import com.keepintouch.notifier.delivery.Delivery.Channel;
import com.keepintouch.notifier.delivery.Delivery.Email;
import com.keepintouch.notifier.delivery.Delivery.Status;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The deliveries collection. State changes are compare-and-sets on {@code _id} and {@code etag}
 * ({@link #current}): of two instances that both think they hold a delivery, only one records its
 * attempt.
 */
@Component
public class Deliveries {

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

    MongoCollection<Document> collection() {
        return collection;
    }

    /** Inserts deliveries not stored yet; the ones that were (a message read twice) are left alone. */
    public List<Delivery> insertNew(List<Delivery> deliveries) {
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

    public Optional<Delivery> find(String id) {
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
        long matched = collection
                .updateOne(
                        current(delivery),
                        Updates.combine(
                                Updates.set("leaseUntil", Date.from(until)),
                                Updates.set("etag", claimed.etag()),
                                Updates.inc("version", 1L)))
                .getMatchedCount();
        return matched == 1 ? Optional.of(claimed) : Optional.empty();
    }

    /**
     * Makes a delivery pending again now, held by the caller until {@code until}: a retry by hand or a
     * recovery. Attempts and their log are kept; the retry schedule starts again.
     */
    Optional<Delivery> restart(Delivery delivery, Instant now, Instant until) {
        long matched = collection
                .updateOne(
                        current(delivery),
                        Updates.combine(
                                Updates.set("etag", Delivery.newEtag()),
                                Updates.set("status", Status.PENDING.name()),
                                Updates.set("round", delivery.attempts()),
                                Updates.set("nextAttemptAt", Date.from(now)),
                                Updates.set("leaseUntil", Date.from(until)),
                                Updates.unset("failedAt"),
                                Updates.inc("version", 1L)))
                .getMatchedCount();
        return matched == 1 ? find(delivery.id()) : Optional.empty();
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

    /** A page, newest first, of the deliveries matching {@code filter}, after {@code cursor}. */
    List<Delivery> list(Bson filter, Cursor cursor, int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(filter);
        if (cursor != null) {
            filters.add(Filters.lte("createdAt", Date.from(cursor.createdAt()))); // lets the index start there
            filters.add(Filters.or(
                    Filters.lt("createdAt", Date.from(cursor.createdAt())),
                    Filters.and(
                            Filters.eq("createdAt", Date.from(cursor.createdAt())), Filters.lt("_id", cursor.id()))));
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

    record Cursor(Instant createdAt, String id) {}

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
                .append("endpointId", d.endpointId())
                .append("ownerId", d.ownerId())
                .append("contactId", d.contactId())
                .append("messageId", d.messageId())
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
        if (d.email() != null) {
            document.append(
                    "email",
                    new Document("to", d.email().to())
                            .append("subject", d.email().subject())
                            .append("text", d.email().text())
                            .append("html", d.email().html())
                            .append("messageIdHeader", d.email().messageIdHeader()));
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
        Document email = d.get("email", Document.class);
        return new Delivery(
                d.getString("_id"),
                Channel.valueOf(d.getString("channel")),
                d.getString("endpointId"),
                d.getString("ownerId"),
                d.getString("contactId"),
                d.getString("messageId"),
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
                email == null
                        ? null
                        : new Email(
                                email.getString("to"),
                                email.getString("subject"),
                                email.getString("text"),
                                email.getString("html"),
                                email.getString("messageIdHeader")),
                ((Number) d.get("version")).longValue(),
                d.getString("etag"));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
