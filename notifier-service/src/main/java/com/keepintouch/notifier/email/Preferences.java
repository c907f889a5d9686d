package com.keepintouch.notifier.email;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
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
        return Optional.ofNullable(collection.find(Filters.eq("_id", ownerId)).first())
                .map(Preferences::fromDocument);
    }

    List<Preference> all() {
        List<Preference> all = new ArrayList<>();
        for (Document document : collection.find()) {
            all.add(fromDocument(document));
        }
        return all;
    }

    /** Stores one person's preference and puts it in the copy in memory (not a reload of everyone's). */
    void save(Preference preference) {
        collection.replaceOne(
                Filters.eq("_id", preference.ownerId()), toDocument(preference), new ReplaceOptions().upsert(true));
        byOwner.put(preference.ownerId(), preference);
    }

    /** Marks a digest period handled, if no one did since {@code previous}; false if someone did. */
    boolean markDigest(String ownerId, String previous, String period) {
        return collection
                        .updateOne(
                                Filters.and(Filters.eq("_id", ownerId), Filters.eq("lastDigest", previous)),
                                Updates.set("lastDigest", period))
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

    static Document toDocument(Preference p) {
        return new Document("_id", p.ownerId())
                .append("email", p.email())
                .append("mode", p.mode().name())
                .append("timezone", p.timezone().getId())
                .append("digestHour", p.digestHour())
                .append("digestDay", p.digestDay().name())
                .append("lastDigest", p.lastDigest())
                .append("updatedAt", Date.from(p.updatedAt()));
    }

    static Preference fromDocument(Document d) {
        return new Preference(
                d.getString("_id"),
                d.getString("email"),
                Preference.Mode.valueOf(d.getString("mode")),
                ZoneId.of(d.getString("timezone")),
                d.getInteger("digestHour", 8),
                DayOfWeek.valueOf(d.getString("digestDay")),
                d.getString("lastDigest"),
                d.getDate("updatedAt") == null
                        ? Instant.EPOCH
                        : d.getDate("updatedAt").toInstant());
    }
}
