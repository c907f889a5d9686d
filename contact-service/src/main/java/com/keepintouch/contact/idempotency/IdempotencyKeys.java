package com.keepintouch.contact.idempotency;

import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.BODY;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.CREATED_AT;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.ID;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.LOCATION;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.STATE;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.STATUS;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Remembers the answer to each {@code Idempotency-Key} of an owner for {@code kit.idempotency.retention}.
 * A key is taken before the request is carried out, so two concurrent requests with one key never
 * both create something; a key whose answer has expired, or whose request has run longer than
 * {@code kit.idempotency.running-timeout} (it died with its instance), is taken over by the next
 * request with it, by a replace conditional on the stale document, so of two such requests one wins.
 */
@Component
public class IdempotencyKeys {

    static final int MAX_KEY_LENGTH = 255;
    static final String COLLECTION = "idempotency_keys";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final MongoCollection<Document> keys;
    private final Clock clock;
    private final IdempotencyProperties properties;
    private final IdempotencyKeyDocuments documents = new IdempotencyKeyDocuments();

    IdempotencyKeys(MongoDatabase database, Clock clock, IdempotencyProperties properties) {
        this.keys = database.getCollection(COLLECTION);
        this.clock = clock;
        this.properties = properties;
        // the answers that created a resource, found by its location when that resource is erased
        CollectionIndexes.declare(
                keys,
                List.of(new IndexModel(
                        Indexes.ascending(LOCATION),
                        new IndexOptions().name("location_1").sparse(true))));
        // MongoDB deletes what has expired itself; begin never relies on it having done so yet
        CollectionIndexes.declareExpiry(database, COLLECTION, CREATED_AT, properties.retention());
    }

    /** What {@link #begin} found: the answer to replay, or the key taken for this request. */
    public sealed interface Begun permits Replay, Taken {}

    /** The first answer given for a key and body. */
    public record Replay(int status, String location, String body) implements Begun {}

    /**
     * The key held by this request until {@link #complete} or {@link #abandon}; {@code since} tells
     * it from the hold of a later request that took the key over after {@code running-timeout}.
     */
    public record Taken(String ownerId, String key, Instant since) implements Begun {}

    /**
     * Takes {@code key} for a request with {@code body}: {@link Taken} when the request is new (or
     * the key expired) and should be carried out; the stored answer when it was already. Refused as
     * unprocessable when the key came with another body, as a conflict while the first request with
     * the key is still running.
     */
    public Begun begin(String ownerId, String key, String body) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw RequestRefused.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String id = id(ownerId, key);
        String hash = sha256(body);
        // stored to the millisecond, and matched exactly by complete and abandon
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        IdempotencyKey mine = IdempotencyKey.running(id, hash, now);
        try {
            keys.insertOne(documents.toDocument(mine));
            return new Taken(ownerId, key, now);
        } catch (MongoWriteException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
        }
        Document stored = keys.find(Filters.eq(ID, id)).first();
        if (stored == null) {
            return begin(ownerId, key, body); // abandoned or expired meanwhile
        }
        IdempotencyKey first = documents.fromDocument(stored);
        if (first.expired(now, properties.retention(), properties.runningTimeout())) {
            return takeOver(first, mine, ownerId, key, body);
        }
        if (!hash.equals(first.requestHash())) {
            throw RequestRefused.unprocessable(
                    "This Idempotency-Key was used with a different request body; use a new key for a new request");
        }
        if (first.state() != IdempotencyKey.State.DONE) {
            throw RequestRefused.conflict("The first request with this Idempotency-Key is still running", Map.of());
        }
        return new Replay(first.status(), first.location(), first.body());
    }

    /** Replaces the expired {@code stale} key by this request's, unless another request did first. */
    private Begun takeOver(IdempotencyKey stale, IdempotencyKey mine, String ownerId, String key, String body) {
        long replaced = keys.replaceOne(held(stale.id(), stale.state(), stale.createdAt()), documents.toDocument(mine))
                .getMatchedCount();
        if (replaced == 0) {
            return begin(ownerId, key, body); // taken over, completed or abandoned meanwhile: as it is now
        }
        log.info(
                "Idempotency key taken over ownerId={} reason={} heldSince={}",
                ownerId,
                stale.state() == IdempotencyKey.State.DONE ? "answer-expired" : "request-timed-out",
                stale.createdAt());
        return new Taken(ownerId, key, mine.createdAt());
    }

    /**
     * Stores the answer to the request that took the key. A request that ran so long that another
     * took the key over leaves that one's hold alone.
     */
    public void complete(Taken taken, int status, String location, String body) {
        long stored = keys.updateOne(
                        held(id(taken.ownerId(), taken.key()), IdempotencyKey.State.RUNNING, taken.since()),
                        Updates.combine(
                                Updates.set(STATE, IdempotencyKey.State.DONE.name()),
                                Updates.set(STATUS, status),
                                Updates.set(LOCATION, location),
                                Updates.set(BODY, body)))
                .getMatchedCount();
        if (stored == 0) {
            log.warn(
                    "Idempotency answer not stored ownerId={} reason=key-taken-over heldSince={} location={}",
                    taken.ownerId(),
                    taken.since(),
                    location);
        }
    }

    /** Frees a key whose request failed, so the client may retry with it; only this request's hold. */
    public void abandon(Taken taken) {
        keys.deleteOne(held(id(taken.ownerId(), taken.key()), IdempotencyKey.State.RUNNING, taken.since()));
    }

    /** The key {@code id} as one request holds it: in this state since this instant. */
    private static Bson held(String id, IdempotencyKey.State state, Instant since) {
        return Filters.and(
                Filters.eq(ID, id), Filters.eq(STATE, state.name()), Filters.eq(CREATED_AT, StoredValues.date(since)));
    }

    /**
     * Forgets the answers that created the resource at {@code location} (their bodies hold its data,
     * e.g. an erased contact's name and emails); how many there were. A client replaying such a key
     * gets its request carried out anew.
     */
    public int forgetAnswersAbout(String location) {
        return (int) keys.deleteMany(Filters.eq(LOCATION, location)).getDeletedCount();
    }

    /** The key's {@code _id}: one owner's keys never meet another's. */
    static String id(String ownerId, String key) {
        return ownerId + "\n" + key;
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
