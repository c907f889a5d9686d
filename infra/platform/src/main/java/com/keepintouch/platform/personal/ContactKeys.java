package com.keepintouch.platform.personal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * Every contact's own key, held in one place: the collection {@code contact_keys} of the keyring
 * database ({@code kit.personal-data.keyring-database}), the stand-in for a key management service.
 * Each key is stored wrapped by {@code kit.personal-data.secret-key}. Erasing a contact deletes its
 * key and keeps only {@code {_id, erasedAt}}, so a key is never made again for it and what was
 * sealed under the old one stays unreadable. Only lookups by {@code _id}: no index beyond it.
 */
public final class ContactKeys {

    static final String COLLECTION = "contact_keys";
    private static final int KEY_BYTES = 32;

    private final MongoCollection<Document> keys;
    private final SecretBox wrapping;
    private final Clock clock;
    private final Cache<String, Key> cache;
    private final SecureRandom random = new SecureRandom();

    /** A contact's key as the keyring holds it: {@code secret} is null once the contact is erased. */
    record Key(SecretKey secret) {
        static final Key ERASED = new Key(null);

        boolean erased() {
            return secret == null;
        }
    }

    public ContactKeys(MongoDatabase keyring, SecretBox wrapping, Clock clock, Duration cacheTtl, long cacheSize) {
        this.keys = keyring.getCollection(COLLECTION);
        this.wrapping = wrapping;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(cacheTtl)
                .maximumSize(cacheSize)
                .build();
    }

    /**
     * The key to seal this contact's personal data with, made on first use (by whichever service
     * writes about the contact first).
     *
     * @throws PersonErasedException if the contact was erased
     */
    SecretKey keyFor(String contactId) {
        Key key = cache.getIfPresent(contactId);
        if (key == null) {
            key = stored(contactId);
            cache.put(contactId, key);
        }
        if (key.erased()) {
            throw new PersonErasedException(contactId);
        }
        return key.secret();
    }

    private Key stored(String contactId) {
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        Document update = new Document("key", wrapping.seal(Base64.getEncoder().encodeToString(fresh)))
                .append("createdAt", StoredValues.date(clock.instant()));
        FindOneAndUpdateOptions upsert =
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        try {
            return keyOf(
                    keys.findOneAndUpdate(Filters.eq("_id", contactId), new Document("$setOnInsert", update), upsert));
        } catch (MongoException raced) {
            if (!DuplicateKeys.isDuplicateKey(raced)) {
                throw raced;
            }
            // Another writer made the key at the same moment (duplicate _id): read theirs.
            return keyOf(keys.find(Filters.eq("_id", contactId)).first());
        }
    }

    /**
     * The keys of these contacts as they stand, for opening: one read for those not cached.
     * Contacts the keyring knows nothing of are absent from the answer.
     */
    Map<String, Key> find(Collection<String> contactIds) {
        Map<String, Key> found = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String id : contactIds) {
            Key cached = cache.getIfPresent(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            for (Document document : keys.find(Filters.in("_id", new ArrayList<>(missing)))) {
                Key key = keyOf(document);
                String id = document.getString("_id");
                cache.put(id, key);
                found.put(id, key);
            }
        }
        return found;
    }

    /**
     * Deletes the contact's key for good (and marks it erased, so none is made again). Idempotent.
     *
     * @return whether a key was deleted now (false when it already was, or never existed)
     */
    public boolean erase(String contactId) {
        Document before = keys.findOneAndUpdate(
                Filters.eq("_id", contactId),
                Updates.combine(
                        Updates.unset("key"),
                        Updates.unset("createdAt"),
                        Updates.max("erasedAt", StoredValues.date(clock.instant()))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        cache.put(contactId, Key.ERASED);
        return before != null && before.get("key") != null;
    }

    /** Whether the contact was erased; a contact the keyring does not know was not. */
    public boolean erased(String contactId) {
        Key key = find(List.of(contactId)).get(contactId);
        return key != null && key.erased();
    }

    /** Forgets what this service remembers of the contact's key (after reading its erasure). */
    public void forget(String contactId) {
        cache.invalidate(contactId);
    }

    private Key keyOf(Document document) {
        if (document == null || document.get("erasedAt") != null || document.getString("key") == null) {
            return Key.ERASED;
        }
        byte[] raw = Base64.getDecoder().decode(wrapping.open(document.getString("key")));
        return new Key(new SecretKeySpec(raw, "AES"));
    }
}
