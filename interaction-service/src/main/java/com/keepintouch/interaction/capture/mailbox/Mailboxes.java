package com.keepintouch.interaction.capture.mailbox;

import static com.keepintouch.interaction.capture.mailbox.MailboxDocuments.*;

import com.keepintouch.interaction.capture.mailbox.Mailbox.Checkpoint;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Role;
import com.keepintouch.interaction.capture.mailbox.Mailbox.State;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Stats;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.system.CollectionIndexes;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The {@code mailboxes} collection. The lease that gives a mailbox to one instance is two fields of
 * its document, taken and renewed by compare-and-set (as notifier's deliveries hold theirs), so a
 * query finds the mailboxes whose lease ran out; every write of a sync is fenced by its holder.
 */
@Component
class Mailboxes {

    private final MongoCollection<Document> mailboxes;
    private final MailboxDocuments documents = new MailboxDocuments();

    Mailboxes(MongoDatabase database) {
        this.mailboxes = database.getCollection("mailboxes");
        CollectionIndexes.declare(
                mailboxes,
                List.of(
                        // one mailbox per account of an owner; the owner's list in id order
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, HOST, USERNAME),
                                new IndexOptions().name("owner_account").unique(true)),
                        new IndexModel(Indexes.ascending(OWNER_ID, ID), new IndexOptions().name("owner_id")),
                        // the mailboxes nobody holds
                        new IndexModel(Indexes.ascending(LEASE_UNTIL), new IndexOptions().name("lease_until")),
                        new IndexModel(Indexes.ascending(STATE), new IndexOptions().name("state"))));
    }

    void insert(Mailbox mailbox) {
        mailboxes.insertOne(documents.toDocument(mailbox));
    }

    Optional<Mailbox> find(String id) {
        return Optional.ofNullable(mailboxes.find(Filters.eq(ID, id)).first()).map(documents::fromDocument);
    }

    Optional<String> idOf(String ownerId, String host, String username) {
        return Optional.ofNullable(mailboxes
                        .find(Filters.and(
                                Filters.eq(OWNER_ID, ownerId), Filters.eq(HOST, host), Filters.eq(USERNAME, username)))
                        .projection(new Document(ID, 1))
                        .first())
                .map(d -> d.getString(ID));
    }

    /** The {@link PageRequest#fetchSize()} mailboxes of a page, by id; {@code owner} empty for every owner's. */
    List<Mailbox> list(Optional<String> owner, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        page.after().ifPresent(after -> filters.add(Filters.gt(ID, after.id())));
        return mailboxes
                .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.ascending(ID))
                .limit(page.fetchSize())
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }

    void delete(String id) {
        mailboxes.deleteOne(Filters.eq(ID, id));
    }

    /**
     * Sets the checkpoints a resync starts from, if the mailbox is still at {@code generation};
     * the sync's progress of an older generation is no longer stored. False when it changed meanwhile.
     */
    boolean resync(String id, long generation, Map<Role, Checkpoint> checkpoints) {
        return mailboxes
                        .updateOne(
                                Filters.and(Filters.eq(ID, id), Filters.eq(GENERATION, generation)),
                                Updates.combine(
                                        Updates.set(CHECKPOINTS, MailboxDocuments.checkpoints(checkpoints)),
                                        Updates.set(GENERATION, generation + 1),
                                        Updates.unset(NEXT_RETRY_AT)))
                        .getMatchedCount()
                == 1;
    }

    /** Up to {@code limit} mailboxes that nobody holds and that are due: new ones first, then the longest unheld. */
    List<Mailbox> claimable(Instant now, int limit) {
        return mailboxes
                .find(Filters.and(
                        Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, Date.from(now))),
                        Filters.or(Filters.eq(NEXT_RETRY_AT, null), Filters.lte(NEXT_RETRY_AT, Date.from(now)))))
                .sort(Sorts.ascending(LEASE_UNTIL))
                .limit(limit)
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }

    /** Takes or renews the lease of a mailbox: false while another live instance holds it, or it is gone. */
    boolean acquire(String id, String holder, Instant now, Instant until) {
        return mailboxes
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, id),
                                        Filters.or(
                                                Filters.eq(LEASE_HOLDER, holder),
                                                Filters.eq(LEASE_UNTIL, null),
                                                Filters.lte(LEASE_UNTIL, Date.from(now)))),
                                Updates.combine(
                                        Updates.set(LEASE_HOLDER, holder), Updates.set(LEASE_UNTIL, Date.from(until))))
                        .getMatchedCount()
                == 1;
    }

    /**
     * Gives the mailbox up at once, so another instance may take it without waiting for the lease to
     * run out. Its lease ends {@code now}: of the mailboxes waiting, the longest given up comes first.
     */
    void release(String id, String holder, Instant now) {
        mailboxes.updateOne(
                Filters.and(Filters.eq(ID, id), Filters.eq(LEASE_HOLDER, holder)),
                Updates.combine(Updates.set(LEASE_HOLDER, null), Updates.set(LEASE_UNTIL, Date.from(now))));
    }

    /**
     * Stores a folder's checkpoint after a batch, the batch's counts, the state, and renews the lease,
     * in one write fenced by the holder and the generation: false when the lease was lost, the mailbox
     * deleted or resynced meanwhile (then nothing is stored).
     */
    boolean progress(
            String id,
            String holder,
            long generation,
            Role role,
            Checkpoint checkpoint,
            Stats delta,
            State state,
            Instant until) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(CHECKPOINTS + "." + role.key(), MailboxDocuments.checkpoint(checkpoint)),
                Updates.set(STATE, state.name()),
                Updates.set(LEASE_UNTIL, Date.from(until))));
        increments(delta, updates);
        return mailboxes
                        .updateOne(
                                Filters.and(
                                        Filters.eq(ID, id),
                                        Filters.eq(LEASE_HOLDER, holder),
                                        Filters.eq(GENERATION, generation)),
                                Updates.combine(updates))
                        .getMatchedCount()
                == 1;
    }

    /** A round went well: the state, when, no error; the lease renewed. False when the lease was lost. */
    boolean synced(String id, String holder, State state, Instant lastSyncAt, Instant until) {
        return fenced(
                id,
                holder,
                Updates.set(STATE, state.name()),
                Updates.set(LAST_SYNC_AT, Date.from(lastSyncAt)),
                Updates.unset(LAST_ERROR),
                Updates.unset(NEXT_RETRY_AT),
                Updates.set(FAILURES, 0),
                Updates.set(LEASE_UNTIL, Date.from(until)));
    }

    /** The state only, and the lease renewed. */
    boolean state(String id, String holder, State state, Instant until) {
        return fenced(id, holder, Updates.set(STATE, state.name()), Updates.set(LEASE_UNTIL, Date.from(until)));
    }

    /** Renews the lease; false when it was lost or the mailbox deleted. */
    boolean renew(String id, String holder, Instant until) {
        return fenced(id, holder, Updates.set(LEASE_UNTIL, Date.from(until)));
    }

    /** The sync failed: FAILING with why and when it is tried again, and the lease given up. */
    void failing(String id, String holder, String lastError, Instant nextRetryAt, int failures) {
        fenced(
                id,
                holder,
                Updates.set(STATE, State.FAILING.name()),
                Updates.set(LAST_ERROR, lastError),
                Updates.set(NEXT_RETRY_AT, Date.from(nextRetryAt)),
                Updates.set(FAILURES, failures),
                Updates.set(LEASE_HOLDER, null),
                Updates.set(LEASE_UNTIL, null));
    }

    /** How many mailboxes are in each stored state. */
    Map<State, Long> countByState() {
        Map<State, Long> counts = new EnumMap<>(State.class);
        for (State state : State.values()) {
            counts.put(state, mailboxes.countDocuments(Filters.eq(STATE, state.name())));
        }
        return counts;
    }

    private boolean fenced(String id, String holder, Bson... updates) {
        return mailboxes
                        .updateOne(
                                Filters.and(Filters.eq(ID, id), Filters.eq(LEASE_HOLDER, holder)),
                                Updates.combine(updates))
                        .getMatchedCount()
                == 1;
    }

    private static void increments(Stats delta, List<Bson> updates) {
        String stats = STATS + ".";
        updates.add(Updates.inc(stats + MESSAGES_SEEN, delta.messagesSeen()));
        updates.add(Updates.inc(stats + INTERACTIONS_RECORDED, delta.interactionsRecorded()));
        updates.add(Updates.inc(stats + CONTACTS_MATCHED, delta.contactsMatched()));
        updates.add(Updates.inc(stats + INVALID, delta.invalid()));
        delta.skipped().forEach((reason, n) -> updates.add(Updates.inc(stats + SKIPPED + "." + reason.name(), n)));
    }
}
