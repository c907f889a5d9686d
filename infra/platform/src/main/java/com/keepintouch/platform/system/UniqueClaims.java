package com.keepintouch.platform.system;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * The one way the services give a unique key (an owner's email address, an owner's external id)
 * to one holder without transactions: a document whose {@code _id} is the key. Inserting it claims
 * the key; a duplicate key means someone holds it. A claim whose holder is gone (a crash between
 * the claim and the holder's write, or a deleted holder) is taken over by a compare-and-set on its
 * holder, so a lost write never blocks a key forever and of two takers only one wins.
 *
 * <p>A holder that is not stored yet may be a write still on its way (another request, another
 * instance), not a lost one: it is fenced before its claim is taken over ({@link #storedIn}), so
 * that write fails with a duplicate key instead of storing a second holder of the key.
 */
public final class UniqueClaims {

    /** Takeovers of one key that may race before a claim gives up; each race has a winner. */
    private static final int ATTEMPTS = 5;

    private final MongoCollection<Document> collection;
    private final String holderField;

    /** @param holderField the field of a claim that names its holder */
    public UniqueClaims(MongoCollection<Document> collection, String holderField) {
        this.collection = collection;
        this.holderField = holderField;
    }

    /** Tells whether a claim's holder still keeps it. */
    @FunctionalInterface
    public interface Holders {
        /**
         * True while {@code holder} is stored and live, or may still be stored; false only once it
         * never can be, so that its claim may be taken over.
         */
        boolean keep(String holder);
    }

    /**
     * The holders stored in {@code holders} by their {@code _id}, live unless {@code deletedField} is
     * true. One that is not stored is fenced: a tombstone ({@code _id} and {@code deletedField: true})
     * takes its id, so its own insert, if it is still on its way, fails with a duplicate key and the
     * writer gives up its claim. Readers of {@code holders} treat a tombstone as a deleted document.
     */
    public static Holders storedIn(MongoCollection<Document> holders, String deletedField) {
        return holder -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Document stored = holders.find(Filters.eq("_id", holder)).first();
                if (stored != null) {
                    return !Boolean.TRUE.equals(stored.getBoolean(deletedField));
                }
                try {
                    holders.insertOne(new Document("_id", holder).append(deletedField, true));
                    return false;
                } catch (MongoWriteException e) {
                    if (!DuplicateKeys.isDuplicateKey(e)) {
                        throw e;
                    }
                    // stored meanwhile: read it again
                }
            }
            return true;
        };
    }

    /** One key for one holder, with {@code fields} stored beside it. */
    public record Claim(String key, String holder, Document fields) {}

    /**
     * Claims {@code key} for {@code holder}; empty if it is the holder's now (or was already), else
     * the live holder that keeps it.
     *
     * @param holders whether a holder keeps its claim; a claim of one that does not is taken over
     */
    public Optional<String> claim(String key, String holder, Document fields, Holders holders) {
        Document claim = document(new Claim(key, holder, fields));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                collection.insertOne(claim);
                return Optional.empty();
            } catch (MongoWriteException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
            }
            Optional<String> current = holderOf(key);
            if (current.isEmpty()) {
                continue; // released meanwhile: claim it again
            }
            if (current.get().equals(holder)) {
                return Optional.empty();
            }
            if (holders.keep(current.get())) {
                return current;
            }
            boolean taken = collection
                            .replaceOne(
                                    Filters.and(Filters.eq("_id", key), Filters.eq(holderField, current.get())), claim)
                            .getModifiedCount()
                    == 1;
            if (taken) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException(
                "the key " + key + " kept changing hands; gave up after " + ATTEMPTS + " attempts");
    }

    /**
     * Claims many keys at once, each for its own holder, in one write where none is taken; returns
     * the positions of {@code claims} whose key a live other holder keeps. A holder of this batch
     * keeps its claims, so two claims of one key in it never both win.
     */
    public Set<Integer> claimAll(List<Claim> claims, Holders holders) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        List<InsertOneModel<Document>> inserts = new ArrayList<>();
        Set<String> batch = new HashSet<>();
        for (Claim claim : claims) {
            inserts.add(new InsertOneModel<>(document(claim)));
            batch.add(claim.holder());
        }
        Set<Integer> taken;
        try {
            collection.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            taken = DuplicateKeys.duplicatesOf(e);
        }
        Set<Integer> held = new LinkedHashSet<>();
        for (int index : taken) {
            Claim claim = claims.get(index);
            if (claim(claim.key(), claim.holder(), claim.fields(), h -> batch.contains(h) || holders.keep(h))
                    .isPresent()) {
                held.add(index);
            }
        }
        return held;
    }

    /** The holder of {@code key}, if it is claimed. */
    public Optional<String> holderOf(String key) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", key)).first())
                .map(d -> d.getString(holderField));
    }

    /** Gives {@code key} up, if {@code holder} still holds it. */
    public void release(String key, String holder) {
        collection.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq(holderField, holder)));
    }

    private Document document(Claim claim) {
        Document document = new Document("_id", claim.key());
        claim.fields().forEach(document::append);
        return document.append(holderField, claim.holder());
    }
}
