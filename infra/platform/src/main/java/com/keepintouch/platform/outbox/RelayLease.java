package com.keepintouch.platform.outbox;

import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * A lease in MongoDB that lets one relay instance of a service scan for events nobody announced,
 * so instances do not all read every pending document. A crashed holder loses it when it expires.
 * Each instance publishes what it wrote itself without it: two relays that meet on one document
 * publish its events each in order, and consumers drop the second copy.
 */
public class RelayLease {

    private final MongoCollection<Document> leases;
    private final String name;
    private final String holder;
    private final Duration duration;
    private final Clock clock;

    RelayLease(MongoCollection<Document> leases, String name, String holder, Duration duration, Clock clock) {
        this.leases = leases;
        this.name = name;
        this.holder = holder;
        this.duration = duration;
        this.clock = clock;
    }

    /** Takes or renews the lease; false while another live instance holds it. */
    boolean acquire() {
        Instant now = clock.instant();
        try {
            leases.findOneAndUpdate(
                    Filters.and(
                            Filters.eq("_id", name),
                            Filters.or(Filters.eq("holder", holder), Filters.lt("expiresAt", Date.from(now)))),
                    Updates.combine(
                            Updates.set("holder", holder), Updates.set("expiresAt", Date.from(now.plus(duration)))),
                    new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoCommandException | MongoWriteException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false; // another live instance holds it: the upsert met its _id
            }
            throw e;
        }
    }

    void release() {
        leases.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)));
    }

    String holder() {
        return holder;
    }
}
