package com.keepintouch.notifier.email;

import static com.keepintouch.notifier.email.PreferenceDocuments.ID;
import static com.keepintouch.notifier.email.PreferenceDocuments.LAST_DIGEST;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The preferences collection, one document per person, and a copy in memory for the fan-out
 * (reloaded by each run of {@link DigestScheduler}, and at once after a change here).
 */
@Component
class Preferences {

    private final PreferenceDocuments documents = new PreferenceDocuments();
    private final MongoCollection<Document> collection;
    private volatile Map<String, Preference> byOwner = new ConcurrentHashMap<>();

    Preferences(MongoDatabase database) {
        this.collection = database.getCollection("preferences");
        reload();
    }

    Optional<Preference> cached(String ownerId) {
        return Optional.ofNullable(byOwner.get(ownerId));
    }

    Optional<Preference> find(String ownerId) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, ownerId)).first())
                .map(documents::fromDocument);
    }

    List<Preference> all() {
        return collection.find().map(documents::fromDocument).into(new ArrayList<>());
    }

    /** Stores one person's preference and puts it in the copy in memory (not a reload of everyone's). */
    void save(Preference preference) {
        collection.replaceOne(
                Filters.eq(ID, preference.ownerId()),
                documents.toDocument(preference),
                new ReplaceOptions().upsert(true));
        byOwner.put(preference.ownerId(), preference);
    }

    /** Marks a digest period handled, if no one did since {@code previous}; false if someone did. */
    boolean markDigest(String ownerId, String previous, String period) {
        return collection
                        .updateOne(
                                Filters.and(Filters.eq(ID, ownerId), Filters.eq(LAST_DIGEST, previous)),
                                Updates.set(LAST_DIGEST, period))
                        .getMatchedCount()
                == 1;
    }

    /** Reads every preference once, keeps them for the fan-out, and returns them. */
    List<Preference> reload() {
        List<Preference> all = all();
        Map<String, Preference> loaded = new ConcurrentHashMap<>();
        all.forEach(p -> loaded.put(p.ownerId(), p));
        byOwner = loaded;
        return all;
    }
}
