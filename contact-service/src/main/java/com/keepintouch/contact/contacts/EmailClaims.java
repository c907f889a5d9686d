package com.keepintouch.contact.contacts;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.UniqueClaims;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * One email address belongs to at most one live contact of an owner: each address is a claim
 * ({@link UniqueClaims}) whose key is owner + address, held by a contact id. A claim whose contact
 * is not stored yet is taken over only after that contact is fenced, so of two creates of one
 * address (two requests, two instances) exactly one stores its contact.
 */
@Component
class EmailClaims {

    static final String HOLDER = "contactId";

    private final MongoCollection<Document> collection;
    private final UniqueClaims claims;
    private final UniqueClaims.Holders contacts;

    EmailClaims(MongoDatabase database) {
        this.collection = database.getCollection("contact_emails");
        this.claims = new UniqueClaims(collection, HOLDER);
        // the addresses of one contact, all released at its erasure (whatever its document still lists)
        CollectionIndexes.declare(
                collection, List.of(new IndexModel(Indexes.ascending(HOLDER), new IndexOptions().name("contactId_1"))));
        this.contacts = UniqueClaims.storedIn(database.getCollection(Contacts.COLLECTION), ContactDocuments.DELETED);
    }

    /** A conflict with the contact that holds an address. */
    record Conflict(String email, String contactId) {}

    /** Claims {@code emails} for {@code contactId}. On a conflict nothing stays claimed. */
    Optional<Conflict> claim(String ownerId, List<String> emails, String contactId) {
        List<String> claimed = new ArrayList<>();
        for (String email : emails) {
            Optional<String> holder =
                    claims.claim(key(ownerId, email), contactId, new Document("ownerId", ownerId), contacts);
            if (holder.isPresent()) {
                release(ownerId, claimed, contactId);
                return Optional.of(new Conflict(email, holder.get()));
            }
            claimed.add(email);
        }
        return Optional.empty();
    }

    /**
     * Claims many addresses at once (the import), each for its own contact; returns the indexes
     * of {@code wanted} whose address a live contact already holds (a duplicate). An address held
     * by a contact that is gone is taken over, as a single claim does.
     */
    Set<Integer> claimAll(String ownerId, List<Claim> wanted) {
        return claims.claimAll(
                wanted.stream()
                        .map(c -> new UniqueClaims.Claim(
                                key(ownerId, c.email()), c.contactId(), new Document("ownerId", ownerId)))
                        .toList(),
                contacts);
    }

    /** The contact that holds an address of an owner, if any. */
    Optional<String> holder(String ownerId, String email) {
        return claims.holderOf(key(ownerId, email));
    }

    void release(String ownerId, List<String> emails, String contactId) {
        for (String email : emails) {
            claims.release(key(ownerId, email), contactId);
        }
    }

    /** Releases every address {@code contactId} holds (its erasure); how many it held. */
    int releaseAll(String contactId) {
        return (int) collection.deleteMany(Filters.eq(HOLDER, contactId)).getDeletedCount();
    }

    record Claim(String email, String contactId) {}

    private static String key(String ownerId, String email) {
        return ownerId + "\n" + email;
    }
}
