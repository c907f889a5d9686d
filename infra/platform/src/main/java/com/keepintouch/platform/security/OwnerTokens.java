package com.keepintouch.platform.security;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One secret token per owner that lets whoever knows it in without a bearer token (a capture
 * address, a calendar feed), one document per owner in a collection of its own: the token's
 * SHA-256 in hex (what a request carrying it is looked up by; unique) and the token sealed with a
 * {@link SecretBox} (so its owner can be shown it again). A copy of the database alone opens
 * nothing. There is no cache: a rotated token finds no owner on any instance from the write on.
 * Tokens are never logged.
 */
public final class OwnerTokens {

    private static final Logger log = LoggerFactory.getLogger(OwnerTokens.class);

    static final String ID = "_id";
    static final String TOKEN_HASH = "tokenHash";
    static final String SEALED_TOKEN = "sealedToken";
    static final String CREATED_AT = "createdAt";
    static final String ROTATED_AT = "rotatedAt";

    /** An owner's token as its owner is shown it; {@link #toString} hides it. */
    public record Issued(String ownerId, String token, Instant createdAt, Instant rotatedAt) {

        @Override
        public String toString() {
            return "Issued[ownerId=" + ownerId + ", token=hidden, createdAt=" + createdAt + ", rotatedAt=" + rotatedAt
                    + "]";
        }
    }

    private final MongoCollection<Document> tokens;
    private final SecretBox box;
    private final Supplier<String> newToken;
    private final Clock clock;
    private final String what;

    /**
     * @param tokens the collection, one document per owner; its unique index {@code token_hash} is declared here
     * @param box seals the tokens
     * @param newToken a new random token, in the form the callers check before they look one up
     * @param what the tokens, as the log lines name them ("Capture address")
     */
    public OwnerTokens(
            MongoCollection<Document> tokens, SecretBox box, Supplier<String> newToken, Clock clock, String what) {
        this.tokens = tokens;
        this.box = box;
        this.newToken = newToken;
        this.clock = clock;
        this.what = what;
        // a request finds its owner by the token's hash; two owners never share one
        CollectionIndexes.declare(
                tokens,
                List.of(new IndexModel(
                        Indexes.ascending(TOKEN_HASH),
                        new IndexOptions().name("token_hash").unique(true))));
    }

    /** SHA-256 in hex of a token: what the database holds to find its owner. */
    public static String hash(String token) {
        return DigestUtils.sha256Hex(token);
    }

    /** The owner's token, issued on the first call and the same on every later one until rotated. */
    public Issued issuedTo(String ownerId) {
        Optional<Issued> stored = find(ownerId);
        if (stored.isPresent()) {
            return stored.get();
        }
        String token = newToken.get();
        if (insert(ownerId, token)) {
            log.info("{} issued ownerId={}", what, ownerId);
        }
        // Ours, or the one a request at the same moment stored first: either way the stored one.
        return find(ownerId).orElseThrow();
    }

    /** A new token for the owner; from this write on, the previous one finds no owner. */
    public Issued rotate(String ownerId) {
        String token = newToken.get();
        Instant now = clock.instant();
        tokens.updateOne(
                Filters.eq(ID, ownerId),
                Updates.combine(
                        Updates.set(TOKEN_HASH, hash(token)),
                        Updates.set(SEALED_TOKEN, box.seal(token)),
                        Updates.set(ROTATED_AT, StoredValues.date(now)),
                        Updates.setOnInsert(CREATED_AT, StoredValues.date(now))),
                new UpdateOptions().upsert(true));
        log.info("{} rotated ownerId={}", what, ownerId);
        return find(ownerId).orElseThrow();
    }

    /** The owner whose current token this is; empty for a rotated or never issued one. */
    public Optional<String> ownerOf(String token) {
        return Optional.ofNullable(tokens.find(Filters.eq(TOKEN_HASH, hash(token)))
                        .projection(Projections.include(ID))
                        .first())
                .map(d -> d.getString(ID));
    }

    private Optional<Issued> find(String ownerId) {
        return Optional.ofNullable(tokens.find(Filters.eq(ID, ownerId)).first())
                .map(d -> new Issued(
                        d.getString(ID),
                        box.open(d.getString(SEALED_TOKEN)),
                        StoredValues.instant(d, CREATED_AT),
                        StoredValues.instant(d, ROTATED_AT)));
    }

    /** Stores the owner's first token; false if the owner has one already (another request made it). */
    private boolean insert(String ownerId, String token) {
        try {
            tokens.insertOne(new Document(ID, ownerId)
                    .append(TOKEN_HASH, hash(token))
                    .append(SEALED_TOKEN, box.seal(token))
                    .append(CREATED_AT, StoredValues.date(clock.instant())));
            return true;
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }
}
