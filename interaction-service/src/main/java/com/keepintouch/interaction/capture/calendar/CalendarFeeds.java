package com.keepintouch.interaction.capture.calendar;

import static com.keepintouch.platform.system.StoredValues.date;

import com.keepintouch.interaction.capture.calendar.CalendarFeed.State;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
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
 * The calendar_feeds collection. A feed is fetched by one instance at a time: it takes the feed's
 * lease ({@code leaseUntil}) with a compare-and-set, and gives it back when the fetch is stored; a
 * crashed instance's lease runs out and another takes the feed.
 */
@Component
class CalendarFeeds {

    private static final String ID = "_id";
    private static final String OWNER_ID = "ownerId";
    private static final String NAME = "name";
    private static final String URL = "url";
    private static final String URL_HINT = "urlHint";
    private static final String URL_DIGEST = "urlDigest";
    private static final String STATE = "state";
    private static final String CREATED_AT = "createdAt";
    private static final String LAST_POLLED_AT = "lastPolledAt";
    private static final String LAST_ERROR = "lastError";
    private static final String LAST_COUNTS = "lastCounts";
    private static final String NEXT_POLL_AT = "nextPollAt";
    private static final String LEASE_UNTIL = "leaseUntil";

    private final MongoCollection<Document> collection;

    CalendarFeeds(MongoDatabase database) {
        this.collection = database.getCollection("calendar_feeds");
        CollectionIndexes.declare(
                collection,
                List.of(
                        new IndexModel(Indexes.ascending(OWNER_ID, ID), new IndexOptions().name("owner_feeds")),
                        new IndexModel(Indexes.ascending(OWNER_ID, URL_DIGEST), new IndexOptions().name("owner_url")),
                        new IndexModel(Indexes.ascending(NEXT_POLL_AT), new IndexOptions().name("next_poll"))));
    }

    void insert(CalendarFeed feed) {
        collection.insertOne(toDocument(feed));
    }

    Optional<CalendarFeed> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first()).map(CalendarFeeds::fromDocument);
    }

    long countOf(String ownerId) {
        return collection.countDocuments(Filters.eq(OWNER_ID, ownerId));
    }

    boolean hasAddress(String ownerId, String urlDigest) {
        return collection
                        .find(Filters.and(Filters.eq(OWNER_ID, ownerId), Filters.eq(URL_DIGEST, urlDigest)))
                        .first()
                != null;
    }

    /** In id order, after the page's cursor. */
    List<CalendarFeed> list(Optional<String> owner, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        page.after().ifPresent(after -> filters.add(Filters.gt(ID, after.id())));
        return collection
                .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.ascending(ID))
                .limit(page.fetchSize())
                .map(CalendarFeeds::fromDocument)
                .into(new ArrayList<>());
    }

    /** The ids of feeds whose time to be fetched has come, soonest first. */
    List<String> due(Instant now, int limit) {
        return collection
                .find(Filters.lte(NEXT_POLL_AT, date(now)))
                .sort(Sorts.ascending(NEXT_POLL_AT))
                .limit(limit)
                .projection(Projections.include(ID))
                .map(d -> d.getString(ID))
                .into(new ArrayList<>());
    }

    /** Takes the feed's lease until {@code until}, if it is due and no live lease holds it. */
    Optional<CalendarFeed> lease(String id, Instant now, Instant until) {
        return Optional.ofNullable(collection.findOneAndUpdate(
                        Filters.and(
                                Filters.eq(ID, id),
                                Filters.lte(NEXT_POLL_AT, date(now)),
                                Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, date(now)))),
                        Updates.set(LEASE_UNTIL, date(until)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .map(CalendarFeeds::fromDocument);
    }

    /**
     * Stores what a fetch of the leased {@code feed} found and gives the lease back; nothing if the
     * lease was lost meanwhile (it ran out and another instance took the feed) or the feed was deleted.
     */
    boolean polled(CalendarFeed feed, Instant at, String error, ImportCounts counts, Instant next) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(LAST_POLLED_AT, date(at)),
                Updates.set(LAST_ERROR, error),
                Updates.set(STATE, (error == null ? State.OK : State.FAILING).name()),
                Updates.set(NEXT_POLL_AT, date(next)),
                Updates.set(LEASE_UNTIL, null)));
        if (counts != null) {
            updates.add(Updates.set(LAST_COUNTS, counts(counts)));
        }
        return collection
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, feed.id()), Filters.eq(LEASE_UNTIL, date(feed.leaseUntil()))),
                                Updates.combine(updates))
                        .getModifiedCount()
                == 1;
    }

    boolean delete(String id) {
        return collection.deleteOne(Filters.eq(ID, id)).getDeletedCount() == 1;
    }

    private static Document toDocument(CalendarFeed feed) {
        Document document = new Document(ID, feed.id())
                .append(OWNER_ID, feed.ownerId())
                .append(NAME, feed.name())
                .append(URL, feed.sealedUrl())
                .append(URL_HINT, feed.urlHint())
                .append(URL_DIGEST, feed.urlDigest())
                .append(STATE, feed.state().name())
                .append(CREATED_AT, date(feed.createdAt()))
                .append(LAST_POLLED_AT, date(feed.lastPolledAt()))
                .append(LAST_ERROR, feed.lastError())
                .append(NEXT_POLL_AT, date(feed.nextPollAt()))
                .append(LEASE_UNTIL, date(feed.leaseUntil()));
        StoredValues.putIfPresent(document, LAST_COUNTS, feed.lastCounts() == null ? null : counts(feed.lastCounts()));
        return document;
    }

    private static Document counts(ImportCounts counts) {
        return new Document("events", counts.events())
                .append("meetingsRecorded", counts.meetingsRecorded())
                .append("alreadyKnown", counts.alreadyKnown())
                .append("plannedTouches", counts.plannedTouches())
                .append("unmatched", counts.unmatched())
                .append("invalid", counts.invalid());
    }

    private static CalendarFeed fromDocument(Document document) {
        Document counts = document.get(LAST_COUNTS, Document.class);
        return new CalendarFeed(
                document.getString(ID),
                document.getString(OWNER_ID),
                document.getString(NAME),
                document.getString(URL),
                document.getString(URL_HINT),
                document.getString(URL_DIGEST),
                StoredValues.enumValue(document, STATE, State.class),
                StoredValues.instant(document, CREATED_AT),
                StoredValues.instant(document, LAST_POLLED_AT),
                document.getString(LAST_ERROR),
                counts == null
                        ? null
                        : new ImportCounts(
                                count(counts, "events"),
                                count(counts, "meetingsRecorded"),
                                count(counts, "alreadyKnown"),
                                count(counts, "plannedTouches"),
                                count(counts, "unmatched"),
                                count(counts, "invalid")),
                StoredValues.instant(document, NEXT_POLL_AT),
                StoredValues.instant(document, LEASE_UNTIL));
    }

    private static int count(Document counts, String key) {
        Integer value = StoredValues.integer(counts, key);
        return value == null ? 0 : value;
    }
}
