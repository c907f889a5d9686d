package com.keepintouch.interaction.capture.calendar;

import static com.keepintouch.platform.system.StoredValues.date;

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

/** The planned_touches collection, one document per plannedId, each carrying its outbox. */
@Component
class PlannedTouches {

    static final String COLLECTION = "planned_touches";
    private static final String ID = "_id";
    private static final String OWNER_ID = "ownerId";
    private static final String CONTACT_ID = "contactId";
    private static final String PLANNED_FOR = "plannedFor";
    private static final String SUMMARY = "summary";
    private static final String EXTERNAL_ID = "externalId";
    private static final String CANCELLED = "cancelled";
    private static final String FEED_ID = "feedId";
    private static final String UPDATED_AT = "updatedAt";
    private static final String VERSION = "version";
    /** True once the touch's contact was erased: no summary or externalId, called off without an event. */
    private static final String ERASED = "erased";

    private final OutboxSource source;
    private final MongoCollection<Document> collection;
    private final Outbox outbox;
    private final OutboxRelay relay;

    PlannedTouches(OutboxSource plannedTouchesOutbox, Outbox outbox, OutboxRelay relay) {
        this.source = plannedTouchesOutbox;
        this.collection = plannedTouchesOutbox.collection();
        this.outbox = outbox;
        this.relay = relay;
        // a feed's touches still ahead, which a poll calls off when the feed no longer shows them
        CollectionIndexes.declare(
                collection,
                List.of(
                        new IndexModel(Indexes.ascending(FEED_ID, PLANNED_FOR), new IndexOptions().name("feed_ahead")),
                        // one contact's touches, for its export and its erasure
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, CONTACT_ID, PLANNED_FOR),
                                new IndexOptions().name("owner_contact_planned"))));
    }

    Optional<PlannedTouch> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first()).map(PlannedTouches::fromDocument);
    }

    /** Stores a new planned touch with its event; false if another write stored it first. */
    boolean insert(PlannedTouch touch, StagedEvent event) {
        try {
            collection.insertOne(outbox.withEvents(toDocument(touch), List.of(event)));
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        relay.enqueue(source, touch.id());
        return true;
    }

    /**
     * Replaces {@code current} by {@code next} if it is still at its version, with {@code event}
     * (none when nothing a consumer sees changed); false if another write came first.
     */
    boolean replace(PlannedTouch current, PlannedTouch next, StagedEvent event) {
        List<org.bson.conversions.Bson> updates = new ArrayList<>(List.of(
                Updates.set(PLANNED_FOR, date(next.plannedFor())),
                Updates.set(SUMMARY, next.summary()),
                Updates.set(EXTERNAL_ID, next.externalId()),
                Updates.set(CANCELLED, next.cancelled()),
                Updates.set(FEED_ID, next.feedId()),
                Updates.set(UPDATED_AT, date(next.updatedAt())),
                Updates.inc(VERSION, 1L)));
        if (event != null) {
            updates.add(outbox.append(event));
        }
        boolean stored = collection
                        .updateOne(
                                Filters.and(Filters.eq(ID, current.id()), Filters.eq(VERSION, current.version())),
                                Updates.combine(updates))
                        .getModifiedCount()
                == 1;
        if (stored && event != null) {
            relay.enqueue(source, current.id());
        }
        return stored;
    }

    /** The touches a feed planned that are still on and still ahead of {@code now}. */
    List<PlannedTouch> aheadFrom(String feedId, Instant now) {
        return collection
                .find(Filters.and(
                        Filters.eq(FEED_ID, feedId), Filters.gt(PLANNED_FOR, date(now)), Filters.eq(CANCELLED, false)))
                .map(PlannedTouches::fromDocument)
                .into(new ArrayList<>());
    }

    /** The contact's planned touches not anonymised, soonest first. */
    List<PlannedTouch> ofContact(String ownerId, String contactId) {
        return collection
                .find(Filters.and(
                        Filters.eq(OWNER_ID, ownerId), Filters.eq(CONTACT_ID, contactId), Filters.ne(ERASED, true)))
                .sort(Sorts.ascending(PLANNED_FOR))
                .map(PlannedTouches::fromDocument)
                .into(new ArrayList<>());
    }

    /**
     * Anonymises every planned touch of the contact: summary and externalId removed, called off (so
     * no poll announces it again: nothing may be written about the person any more), version moved
     * on so that a planning on its way loses its compare-and-set. Returns how many are anonymised in all.
     */
    long anonymise(String ownerId, String contactId) {
        Bson ofContact = Filters.and(Filters.eq(OWNER_ID, ownerId), Filters.eq(CONTACT_ID, contactId));
        collection.updateMany(
                Filters.and(ofContact, Filters.ne(ERASED, true)),
                Updates.combine(
                        Updates.set(ERASED, true),
                        Updates.set(CANCELLED, true),
                        Updates.unset(SUMMARY),
                        Updates.unset(EXTERNAL_ID),
                        Updates.inc(VERSION, 1L)));
        return collection.countDocuments(Filters.and(ofContact, Filters.eq(ERASED, true)));
    }

    private static Document toDocument(PlannedTouch touch) {
        return new Document(ID, touch.id())
                .append(OWNER_ID, touch.ownerId())
                .append(CONTACT_ID, touch.contactId())
                .append(PLANNED_FOR, date(touch.plannedFor()))
                .append(SUMMARY, touch.summary())
                .append(EXTERNAL_ID, touch.externalId())
                .append(CANCELLED, touch.cancelled())
                .append(FEED_ID, touch.feedId())
                .append(UPDATED_AT, date(touch.updatedAt()))
                .append(VERSION, touch.version());
    }

    private static PlannedTouch fromDocument(Document document) {
        return new PlannedTouch(
                document.getString(ID),
                document.getString(OWNER_ID),
                document.getString(CONTACT_ID),
                StoredValues.instant(document, PLANNED_FOR),
                document.getString(SUMMARY),
                document.getString(EXTERNAL_ID),
                StoredValues.flag(document, CANCELLED),
                document.getString(FEED_ID),
                StoredValues.instant(document, UPDATED_AT),
                StoredValues.longValue(document, VERSION));
    }
}
