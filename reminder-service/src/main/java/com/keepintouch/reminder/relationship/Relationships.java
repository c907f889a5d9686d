package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.Relationship;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.Snooze;
import com.keepintouch.reminder.relationship.domain.Tier;
import com.keepintouch.reminder.relationship.domain.TouchSummary;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
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
import java.time.LocalDate;
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

    Relationships(MongoDatabase database, Outbox outbox) {
        this.collection = database.getCollection(COLLECTION);
        this.outbox = outbox;
        CollectionIndexes.declare(
                collection,
                List.of(
                        // an owner's list by status, and whole, most overdue first; the same across owners
                        new IndexModel(
                                Indexes.ascending("ownerId", "listed", "status", "nextDueAt", "_id"),
                                new IndexOptions().name("owner_status_due")),
                        new IndexModel(
                                Indexes.ascending("ownerId", "listed", "nextDueAt", "_id"),
                                new IndexOptions().name("owner_due")),
                        new IndexModel(
                                Indexes.ascending("listed", "status", "nextDueAt", "_id"),
                                new IndexOptions().name("status_due"))),
                "etag"); // compare-and-set goes by _id now, as every MongoDB serves it
    }

    MongoCollection<Document> collection() {
        return collection;
    }

    /**
     * A relationship as stored, with the token its next write must name.
     *
     * @param nextCheckAt when it is filed in the agenda, if it is
     */
    record Stored(Relationship relationship, String etag, long sequence, Instant nextDueAt, Instant nextCheckAt) {

        /** Where a page that ends with this relationship resumes: lists are by due date, then id. */
        Position position() {
            return new Position(nextDueAt, relationship.contactId());
        }
    }

    /**
     * A write of one relationship.
     *
     * @param before what the change was computed from; null for a relationship not stored yet
     */
    record Change(
            Stored before,
            Relationship after,
            Assessment assessment,
            List<Transition> transitions,
            List<StagedEvent> events,
            long sequence) {

        String contactId() {
            return after.contactId();
        }
    }

    Map<String, Stored> load(Collection<String> contactIds) {
        Map<String, Stored> found = new HashMap<>();
        if (contactIds.isEmpty()) {
            return found;
        }
        for (Document document :
                collection.find(Filters.in("_id", contactIds)).projection(new Document(Outbox.PENDING_EVENTS, 0))) {
            Stored stored = fromDocument(document);
            found.put(stored.relationship().contactId(), stored);
        }
        return found;
    }

    Optional<Stored> find(String contactId) {
        return Optional.ofNullable(load(List.of(contactId)).get(contactId));
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
            List<Document> documents = new ArrayList<>(inserts.size());
            for (Change change : inserts) {
                String etag = UUID.randomUUID().toString();
                newEtags.put(change.contactId(), etag);
                Document document = new Document("_id", change.contactId());
                toDocument(change, etag).forEach(document::append);
                documents.add(change.events().isEmpty() ? document : outbox.withEvents(document, change.events()));
            }
            try {
                collection.insertMany(documents, new InsertManyOptions().ordered(false));
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
                toDocument(change, etag).forEach((field, value) -> sets.add(Updates.set(field, value)));
                if (!change.events().isEmpty()) {
                    sets.add(outbox.append(change.events()));
                }
                writes.add(new UpdateOneModel<>(
                        Filters.and(
                                Filters.eq("_id", change.contactId()),
                                Filters.eq("etag", change.before().etag())),
                        Updates.combine(sets)));
            }
            int matched = collection
                    .bulkWrite(writes, new BulkWriteOptions().ordered(false))
                    .getMatchedCount();
            if (matched < updates.size()) {
                List<String> ids = updates.stream().map(Change::contactId).toList();
                Map<String, String> stored = new HashMap<>();
                collection
                        .find(Filters.in("_id", ids))
                        .projection(new Document("etag", 1))
                        .forEach(d -> stored.put(d.getString("_id"), d.getString("etag")));
                for (String id : ids) {
                    if (!newEtags.get(id).equals(stored.get(id))) {
                        lost.add(id);
                    }
                }
            }
        }
        return lost;
    }

    /** A page of an owner's (or every owner's) relationships, most overdue first. */
    List<Stored> list(Optional<String> owner, Optional<RelationshipStatus> status, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq("ownerId", o)));
        filters.add(Filters.eq("listed", true));
        status.ifPresent(s -> filters.add(Filters.eq("status", s.name())));
        if (page.after().isPresent()) {
            Position after = page.after().get();
            Date due = Date.from(after.at());
            filters.add(Filters.gte("nextDueAt", due)); // lets the index start at the cursor
            filters.add(Filters.or(
                    Filters.gt("nextDueAt", due),
                    Filters.and(Filters.eq("nextDueAt", due), Filters.gt("_id", after.id()))));
        }
        List<Stored> fetched = new ArrayList<>(page.fetchSize());
        collection
                .find(Filters.and(filters))
                .projection(new Document(Outbox.PENDING_EVENTS, 0))
                .sort(Sorts.ascending("nextDueAt", "_id"))
                .limit(page.fetchSize())
                .forEach(d -> fetched.add(fromDocument(d)));
        return fetched;
    }

    /** Counts by status of listed relationships. */
    Map<RelationshipStatus, Long> countByStatus(Optional<String> owner) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq("ownerId", o)));
        filters.add(Filters.eq("listed", true));
        Map<RelationshipStatus, Long> counts = new EnumMap<>(RelationshipStatus.class);
        for (RelationshipStatus status : RelationshipStatus.values()) {
            counts.put(status, 0L);
        }
        collection
                .aggregate(List.of(
                        Aggregates.match(Filters.and(filters)),
                        Aggregates.group("$status", Accumulators.sum("count", 1))))
                .forEach(d -> counts.put(
                        RelationshipStatus.valueOf(d.getString("_id")), ((Number) d.get("count")).longValue()));
        return counts;
    }

    private static Document toDocument(Change change, String etag) {
        Relationship relationship = change.after();
        RelationshipFacts facts = relationship.facts();
        Assessment state = change.assessment();
        ContactFacts contact = facts.contact();
        return new Document("ownerId", facts.ownerId())
                .append("etag", etag)
                .append("sequence", change.sequence())
                .append("listed", contact != null && !contact.deleted())
                .append(
                        "status",
                        relationship.status() == null
                                ? null
                                : relationship.status().name())
                .append("nextDueAt", state == null ? null : Date.from(state.nextDueAt()))
                .append(
                        "nextCheckAt",
                        state == null || state.nextCheckAt() == null ? null : Date.from(state.nextCheckAt()))
                .append("contact", contact == null ? null : contactDocument(contact))
                .append(
                        "touchpoints",
                        facts.touchpoints().stream()
                                .map(Relationships::touchpointEntry)
                                .toList())
                .append("archived", summaryDocument(facts.archived()))
                .append(
                        "archiving",
                        facts.archiving().stream()
                                .map(Relationships::touchpointEntry)
                                .toList())
                .append(
                        "snoozes",
                        facts.snoozes().stream()
                                .map(Relationships::snoozeDocument)
                                .toList())
                .append("occasions", relationship.occasions());
    }

    private static Document contactDocument(ContactFacts contact) {
        return new Document("name", contact.name())
                .append("tier", contact.tier() == null ? null : contact.tier().name())
                .append("cadenceDays", contact.cadenceDays())
                .append(
                        "status",
                        contact.status() == null ? null : contact.status().name())
                .append("metAt", date(contact.metAt()))
                .append("createdAt", date(contact.createdAt()))
                .append("deleted", contact.deleted())
                .append("version", contact.version());
    }

    /**
     * One touchpoint as one string, {@code "<epoch millis> <type> <direction> <deleted> <id>"} ("-"
     * for what a tombstone does not know). A contact's history can be long and the document is
     * rewritten on every change; a string per touch stores and serialises several times cheaper
     * than a sub-document per touch (on the Mongo wire server's H2 backend the reminder benchmark
     * folds 1.4x faster).
     */
    static String touchpointEntry(Touchpoint touchpoint) {
        return (touchpoint.occurredAt() == null
                        ? "-"
                        : Long.toString(touchpoint.occurredAt().toEpochMilli()))
                + ' '
                + (touchpoint.type() == null ? "-" : touchpoint.type().name())
                + ' '
                + (touchpoint.direction() == null ? "-" : touchpoint.direction().name())
                + ' '
                + (touchpoint.deleted() ? 'd' : 'a')
                + ' '
                + touchpoint.id();
    }

    static Touchpoint touchpoint(String entry) {
        String[] parts = entry.split(" ", 5);
        return new Touchpoint(
                parts[4],
                parts[0].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(parts[0])),
                parts[1].equals("-") ? null : InteractionType.valueOf(parts[1]),
                parts[2].equals("-") ? null : Direction.valueOf(parts[2]),
                parts[3].equals("d"));
    }

    /** The summary of a relationship's archived touches; a document without one has archived nothing. */
    private static Document summaryDocument(TouchSummary s) {
        if (s.count() == 0) {
            return null;
        }
        return new Document("count", s.count())
                .append("gives", s.gives())
                .append("asks", s.asks())
                .append("inbound", s.inbound())
                .append("first", date(s.first()))
                .append("last", date(s.last()))
                .append("lastId", s.lastId())
                .append("unanswered", s.unanswered())
                .append("distinctDays", s.distinctDays())
                .append(
                        "recentDays",
                        s.recentDays().stream().map(LocalDate::toString).toList())
                .append("lastTypes", s.lastTypes().stream().map(Enum::name).toList());
    }

    private static TouchSummary summary(Document d) {
        if (d == null) {
            return TouchSummary.EMPTY;
        }
        return new TouchSummary(
                d.getInteger("count"),
                d.getInteger("gives"),
                d.getInteger("asks"),
                d.getInteger("inbound"),
                instant(d.getDate("first")),
                instant(d.getDate("last")),
                d.getString("lastId"),
                d.getInteger("unanswered"),
                d.getInteger("distinctDays"),
                d.getList("recentDays", String.class).stream()
                        .map(LocalDate::parse)
                        .toList(),
                d.getList("lastTypes", String.class).stream()
                        .map(InteractionType::valueOf)
                        .toList());
    }

    private static Document snoozeDocument(Snooze snooze) {
        return new Document("id", snooze.id())
                .append("until", Date.from(snooze.until()))
                .append("requestedAt", Date.from(snooze.requestedAt()));
    }

    static Stored fromDocument(Document d) {
        Document c = d.get("contact", Document.class);
        ContactFacts contact = c == null
                ? null
                : new ContactFacts(
                        c.getString("name"),
                        c.getString("tier") == null ? null : Tier.valueOf(c.getString("tier")),
                        c.getInteger("cadenceDays"),
                        c.getString("status") == null ? null : ContactStatus.valueOf(c.getString("status")),
                        instant(c.getDate("metAt")),
                        instant(c.getDate("createdAt")),
                        Boolean.TRUE.equals(c.getBoolean("deleted")),
                        ((Number) c.get("version")).longValue());
        List<Touchpoint> touchpoints = d.getList("touchpoints", String.class, List.of()).stream()
                .map(Relationships::touchpoint)
                .toList();
        List<Touchpoint> archiving = d.getList("archiving", String.class, List.of()).stream()
                .map(Relationships::touchpoint)
                .toList();
        TouchSummary archived = summary(d.get("archived", Document.class));
        List<Snooze> snoozes = d.getList("snoozes", Document.class, List.of()).stream()
                .map(s -> new Snooze(s.getString("id"), instant(s.getDate("until")), instant(s.getDate("requestedAt"))))
                .toList();
        String status = d.getString("status");
        Relationship relationship = new Relationship(
                new RelationshipFacts(
                        d.getString("_id"), d.getString("ownerId"), contact, touchpoints, archived, archiving, snoozes),
                status == null ? null : RelationshipStatus.valueOf(status),
                d.getList("occasions", String.class, List.of()));
        return new Stored(
                relationship,
                d.getString("etag"),
                ((Number) d.get("sequence")).longValue(),
                instant(d.getDate("nextDueAt")),
                instant(d.getDate("nextCheckAt")));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
