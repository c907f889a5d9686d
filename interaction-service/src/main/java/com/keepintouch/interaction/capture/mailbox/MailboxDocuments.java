package com.keepintouch.interaction.capture.mailbox;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.flag;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Auth;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Checkpoint;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Folders;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Role;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Security;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Server;
import com.keepintouch.interaction.capture.mailbox.Mailbox.State;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Stats;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Status;
import com.keepintouch.platform.system.DocumentMapper;
import java.util.EnumMap;
import java.util.Map;
import org.bson.Document;

/** A mailbox as a document of {@code mailboxes}; the fields that queries and updates name are constants. */
final class MailboxDocuments implements DocumentMapper<Mailbox> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String HOST = "host";
    static final String USERNAME = "username";
    static final String GENERATION = "generation";
    static final String CHECKPOINTS = "checkpoints";
    static final String STATE = "state";
    static final String LAST_SYNC_AT = "lastSyncAt";
    static final String LAST_ERROR = "lastError";
    static final String NEXT_RETRY_AT = "nextRetryAt";
    static final String FAILURES = "failures";
    static final String STATS = "stats";
    static final String LEASE_HOLDER = "leaseHolder";
    static final String LEASE_UNTIL = "leaseUntil";

    static final String MESSAGES_SEEN = "messagesSeen";
    static final String INTERACTIONS_RECORDED = "interactionsRecorded";
    static final String CONTACTS_MATCHED = "contactsMatched";
    static final String INVALID = "invalid";
    static final String SKIPPED = "skipped";

    @Override
    public Document toDocument(Mailbox m) {
        Document document = new Document(ID, m.id())
                .append(OWNER_ID, m.ownerId())
                .append(HOST, m.server().host())
                .append("port", m.server().port())
                .append("security", name(m.server().security()))
                .append(USERNAME, m.username())
                .append("auth", name(m.auth()))
                .append("secret", m.sealedSecret())
                .append("address", m.address())
                .append("aliases", m.aliases())
                .append("inboxFolder", m.folders().inbox());
        putIfPresent(document, "sentFolder", m.folders().sent());
        document.append("backfillDays", m.backfillDays())
                .append("createdAt", date(m.createdAt()))
                .append(GENERATION, m.generation())
                .append(CHECKPOINTS, checkpoints(m.checkpoints()))
                .append(STATE, name(m.status().state()));
        putIfPresent(document, LAST_SYNC_AT, date(m.status().lastSyncAt()));
        putIfPresent(document, LAST_ERROR, m.status().lastError());
        putIfPresent(document, NEXT_RETRY_AT, date(m.status().nextRetryAt()));
        document.append(FAILURES, m.status().failures()).append(STATS, stats(m.stats()));
        // absent lease fields are queried as null: a new mailbox is free to be taken
        document.append(LEASE_HOLDER, m.leaseHolder()).append(LEASE_UNTIL, date(m.leaseUntil()));
        return document;
    }

    @Override
    public Mailbox fromDocument(Document d) {
        Integer failures = integer(d, FAILURES);
        return new Mailbox(
                d.getString(ID),
                d.getString(OWNER_ID),
                new Server(d.getString(HOST), integer(d, "port"), enumValue(d, "security", Security.class)),
                d.getString(USERNAME),
                enumValue(d, "auth", Auth.class),
                d.getString("secret"),
                d.getString("address"),
                strings(d, "aliases"),
                new Folders(d.getString("inboxFolder"), d.getString("sentFolder")),
                integer(d, "backfillDays"),
                instant(d, "createdAt"),
                longValue(d, GENERATION),
                checkpoints(d.get(CHECKPOINTS, Document.class)),
                new Status(
                        enumValue(d, STATE, State.class),
                        instant(d, LAST_SYNC_AT),
                        d.getString(LAST_ERROR),
                        instant(d, NEXT_RETRY_AT),
                        failures == null ? 0 : failures),
                stats(d.get(STATS, Document.class)),
                d.getString(LEASE_HOLDER),
                instant(d, LEASE_UNTIL));
    }

    static Document checkpoint(Checkpoint c) {
        Document document = new Document("folder", c.folder());
        putIfPresent(document, "uidValidity", c.uidValidity());
        return document.append("lastUid", c.lastUid())
                .append("backfilling", c.backfilling())
                .append("horizon", date(c.horizon()))
                .append("done", c.done())
                .append("total", c.total());
    }

    static Document checkpoints(Map<Role, Checkpoint> checkpoints) {
        Document document = new Document();
        checkpoints.forEach((role, c) -> document.append(role.key(), checkpoint(c)));
        return document;
    }

    private static Map<Role, Checkpoint> checkpoints(Document document) {
        Map<Role, Checkpoint> checkpoints = new EnumMap<>(Role.class);
        if (document == null) {
            return checkpoints;
        }
        for (Role role : Role.values()) {
            Document c = document.get(role.key(), Document.class);
            if (c != null) {
                Object validity = c.get("uidValidity");
                checkpoints.put(
                        role,
                        new Checkpoint(
                                c.getString("folder"),
                                validity == null ? null : ((Number) validity).longValue(),
                                longValue(c, "lastUid"),
                                flag(c, "backfilling"),
                                instant(c, "horizon"),
                                longValue(c, "done"),
                                longValue(c, "total")));
            }
        }
        return checkpoints;
    }

    private static Document stats(Stats s) {
        Document skipped = new Document();
        s.skipped().forEach((reason, count) -> skipped.append(reason.name(), count));
        return new Document(MESSAGES_SEEN, s.messagesSeen())
                .append(INTERACTIONS_RECORDED, s.interactionsRecorded())
                .append(CONTACTS_MATCHED, s.contactsMatched())
                .append(INVALID, s.invalid())
                .append(SKIPPED, skipped);
    }

    private static Stats stats(Document d) {
        if (d == null) {
            return Stats.NONE;
        }
        Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
        Document s = d.get(SKIPPED, Document.class);
        if (s != null) {
            for (Skip reason : Skip.values()) {
                if (s.containsKey(reason.name())) {
                    skipped.put(reason, longValue(s, reason.name()));
                }
            }
        }
        return new Stats(
                longValue(d, MESSAGES_SEEN),
                longValue(d, INTERACTIONS_RECORDED),
                longValue(d, CONTACTS_MATCHED),
                longValue(d, INVALID),
                skipped);
    }
}
