package com.keepintouch.contact.contacts;

import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * One email address belongs to at most one live contact of an owner. Without transactions and
 * without relying on secondary unique indexes, each address is a document whose {@code _id} is
 * owner + address: inserting it claims the address, a duplicate key means someone holds it.
 * A claim whose contact is gone (a crash between claim and insert) is taken over, so a lost
 * write never blocks an address forever.
 */
@Component
class EmailClaims {

    private final MongoCollection<Document> claims;

    EmailClaims(MongoDatabase database) {
        this.claims = database.getCollection("contact_emails");
    }

    /** A conflict with the contact that holds an address. */
    record Conflict(String email, String contactId) {}

    /**
     * Claims {@code emails} for {@code contactId}. On a conflict nothing stays claimed.
     *
     * @param isLive whether a contact id still names a live contact of the owner
     */
    Optional<Conflict> claim(String ownerId, List<String> emails, String contactId, Predicate<String> isLive) {
        List<String> claimed = new ArrayList<>();
        for (String email : emails) {
            Optional<Conflict> conflict = claimOne(ownerId, email, contactId, isLive);
            if (conflict.isPresent()) {
                release(ownerId, claimed, contactId);
                return conflict;
            }
            claimed.add(email);
        }
        return Optional.empty();
    }

    private Optional<Conflict> claimOne(String ownerId, String email, String contactId, Predicate<String> isLive) {
        String id = key(ownerId, email);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                claims.insertOne(
                        new Document("_id", id).append("ownerId", ownerId).append("contactId", contactId));
                return Optional.empty();
            } catch (com.mongodb.MongoWriteException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
            }
            Document holder = claims.find(Filters.eq("_id", id)).first();
            if (holder == null) {
                continue; // released meanwhile: try again
            }
            String holderId = holder.getString("contactId");
            if (holderId.equals(contactId)) {
                return Optional.empty();
            }
            if (isLive.test(holderId)) {
                return Optional.of(new Conflict(email, holderId));
            }
            // The holder is gone: take the address over, unless someone else did first.
            if (claims.replaceOne(
                                    Filters.and(Filters.eq("_id", id), Filters.eq("contactId", holderId)),
                                    new Document("_id", id)
                                            .append("ownerId", ownerId)
                                            .append("contactId", contactId))
                            .getModifiedCount()
                    == 1) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not claim " + email + " after 3 attempts");
    }

    /**
     * Claims many addresses at once (the import), each for its own contact; returns the indexes
     * of {@code wanted} whose address was already held (a duplicate).
     */
    Set<Integer> claimAll(String ownerId, List<Claim> wanted) {
        if (wanted.isEmpty()) {
            return Set.of();
        }
        List<InsertOneModel<Document>> inserts = wanted.stream()
                .map(c -> new InsertOneModel<>(new Document("_id", key(ownerId, c.email()))
                        .append("ownerId", ownerId)
                        .append("contactId", c.contactId())))
                .toList();
        try {
            claims.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            return DuplicateKeys.duplicatesOf(e);
        }
    }

    /** The contact that holds an address of an owner, if any. */
    Optional<String> holder(String ownerId, String email) {
        return Optional.ofNullable(
                        claims.find(Filters.eq("_id", key(ownerId, email))).first())
                .map(d -> d.getString("contactId"));
    }

    void release(String ownerId, List<String> emails, String contactId) {
        for (String email : emails) {
            claims.deleteOne(Filters.and(Filters.eq("_id", key(ownerId, email)), Filters.eq("contactId", contactId)));
        }
    }

    record Claim(String email, String contactId) {}

    private static String key(String ownerId, String email) {
        return ownerId + "\n" + email;
    }
}
