package com.keepintouch.contact.idempotency;

import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.BODY;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.ID;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.LOCATION;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.STATE;
import static com.keepintouch.contact.idempotency.IdempotencyKeyDocuments.STATUS;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Remembers the answer to each {@code Idempotency-Key} of an owner. A key is taken before the
 * request is carried out, so two concurrent requests with one key never both create something.
 */
@Component
public class IdempotencyKeys {

    static final int MAX_KEY_LENGTH = 255;

    private final MongoCollection<Document> keys;
    private final Clock clock;
    private final IdempotencyKeyDocuments documents = new IdempotencyKeyDocuments();

    IdempotencyKeys(MongoDatabase database, Clock clock) {
        this.keys = database.getCollection("idempotency_keys");
        this.clock = clock;
        // the answers that created a resource, found by its location when that resource is erased
        CollectionIndexes.declare(
                keys,
                List.of(new IndexModel(
                        Indexes.ascending(LOCATION),
                        new IndexOptions().name("location_1").sparse(true))));
    }

    /** The first answer given for a key and body. */
    public record Replay(int status, String location, String body) {}

    /**
     * Takes {@code key} for a request with {@code body}: empty when the request is new and should be
     * carried out; the stored answer when it was already. Refused as unprocessable when the key came
     * with another body, as a conflict while the first request with the key is still running.
     */
    public Optional<Replay> begin(String ownerId, String key, String body) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw RequestRefused.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String hash = sha256(body);
        try {
            keys.insertOne(documents.toDocument(IdempotencyKey.running(id(ownerId, key), hash, clock.instant())));
            return Optional.empty();
        } catch (MongoWriteException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
        }
        Document stored = keys.find(Filters.eq(ID, id(ownerId, key))).first();
        if (stored == null) {
            return begin(ownerId, key, body); // abandoned meanwhile
        }
        IdempotencyKey first = documents.fromDocument(stored);
        if (!hash.equals(first.requestHash())) {
            throw RequestRefused.unprocessable(
                    "This Idempotency-Key was used with a different request body; use a new key for a new request");
        }
        if (first.state() != IdempotencyKey.State.DONE) {
            throw RequestRefused.conflict("The first request with this Idempotency-Key is still running", Map.of());
        }
        return Optional.of(new Replay(first.status(), first.location(), first.body()));
    }

    public void complete(String ownerId, String key, int status, String location, String body) {
        keys.updateOne(
                Filters.eq(ID, id(ownerId, key)),
                Updates.combine(
                        Updates.set(STATE, IdempotencyKey.State.DONE.name()),
                        Updates.set(STATUS, status),
                        Updates.set(LOCATION, location),
                        Updates.set(BODY, body)));
    }

    /** Frees a key whose request failed, so the client may retry with it. */
    public void abandon(String ownerId, String key) {
        keys.deleteOne(
                Filters.and(Filters.eq(ID, id(ownerId, key)), Filters.eq(STATE, IdempotencyKey.State.RUNNING.name())));
    }

    /**
     * Forgets the answers that created the resource at {@code location} (their bodies hold its data,
     * e.g. an erased contact's name and emails); how many there were. A client replaying such a key
     * gets its request carried out anew.
     */
    public int forgetAnswersAbout(String location) {
        return (int) keys.deleteMany(Filters.eq(LOCATION, location)).getDeletedCount();
    }

    private static String id(String ownerId, String key) {
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
