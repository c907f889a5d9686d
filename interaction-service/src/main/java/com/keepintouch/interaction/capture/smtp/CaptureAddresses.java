package com.keepintouch.interaction.capture.smtp;

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
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The capture address of each owner, in {@code capture_addresses}: one document per owner, its
 * token's SHA-256 (what mail is looked up by) and the token sealed (what its owner is shown).
 */
@Component
class CaptureAddresses {

    static final String ID = "_id";
    static final String TOKEN_HASH = "tokenHash";
    static final String SEALED_TOKEN = "sealedToken";
    static final String CREATED_AT = "createdAt";
    static final String ROTATED_AT = "rotatedAt";

    /** An owner's address as stored: the token still sealed. */
    record Stored(String ownerId, String sealedToken, Instant createdAt, Instant rotatedAt) {}

    private final MongoCollection<Document> addresses;

    CaptureAddresses(MongoDatabase database) {
        this.addresses = database.getCollection("capture_addresses");
        // mail finds its owner by the token's hash; two owners never share one
        CollectionIndexes.declare(
                addresses,
                List.of(new IndexModel(
                        Indexes.ascending(TOKEN_HASH),
                        new IndexOptions().name("token_hash").unique(true))));
    }

    Optional<Stored> find(String ownerId) {
        return Optional.ofNullable(addresses.find(Filters.eq(ID, ownerId)).first())
                .map(CaptureAddresses::stored);
    }

    /** Stores the owner's first address; false if the owner has one already (another request made it). */
    boolean insert(String ownerId, String tokenHash, String sealedToken, Instant now) {
        try {
            addresses.insertOne(new Document(ID, ownerId)
                    .append(TOKEN_HASH, tokenHash)
                    .append(SEALED_TOKEN, sealedToken)
                    .append(CREATED_AT, StoredValues.date(now)));
            return true;
        } catch (MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces the owner's token: from this write on, the old one finds no owner. */
    void replace(String ownerId, String tokenHash, String sealedToken, Instant now) {
        addresses.updateOne(
                Filters.eq(ID, ownerId),
                Updates.combine(
                        Updates.set(TOKEN_HASH, tokenHash),
                        Updates.set(SEALED_TOKEN, sealedToken),
                        Updates.set(ROTATED_AT, StoredValues.date(now)),
                        Updates.setOnInsert(CREATED_AT, StoredValues.date(now))),
                new UpdateOptions().upsert(true));
    }

    /** The owner whose address has the token of this hash. */
    Optional<String> ownerOf(String tokenHash) {
        return Optional.ofNullable(addresses
                        .find(Filters.eq(TOKEN_HASH, tokenHash))
                        .projection(Projections.include(ID))
                        .first())
                .map(d -> d.getString(ID));
    }

    private static Stored stored(Document d) {
        return new Stored(
                d.getString(ID),
                d.getString(SEALED_TOKEN),
                StoredValues.instant(d, CREATED_AT),
                StoredValues.instant(d, ROTATED_AT));
    }
}
