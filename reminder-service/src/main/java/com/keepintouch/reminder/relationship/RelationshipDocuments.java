package com.keepintouch.reminder.relationship;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.flag;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.platform.system.DocumentMapper;
import com.keepintouch.reminder.relationship.Relationships.ListingKeys;
import com.keepintouch.reminder.relationship.Relationships.Stored;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InReplyTo;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.PlannedTouch;
import com.keepintouch.reminder.relationship.domain.Relationship;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.SharedItem;
import com.keepintouch.reminder.relationship.domain.Snooze;
import com.keepintouch.reminder.relationship.domain.Suggested;
import com.keepintouch.reminder.relationship.domain.Tags;
import com.keepintouch.reminder.relationship.domain.Tier;
import com.keepintouch.reminder.relationship.domain.TouchSummary;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.bson.Document;

/**
 * A relationship as stored, one document per contact in {@code relationships}: the facts (touches,
 * snoozes, planned touches), the status last published, the occasions announced, the write token
 * and sequence, the suggestions announced, and the listing keys (listed, status, nextDueAt;
 * strength, responsiveness, cooling, oneWay as of the last write) the queries use, which are the
 * constants here. A document written before the score keys existed has none until its next write.
 * An erased relationship's document keeps its ids, the write token and sequence, and {@code contact:
 * {erased: true, deleted: true, version}}: no name, tags, touches, plans, snoozes or occasions.
 */
final class RelationshipDocuments implements DocumentMapper<Stored> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String ETAG = "etag";
    static final String SEQUENCE = "sequence";
    static final String LISTED = "listed";
    static final String STATUS = "status";
    static final String NEXT_DUE_AT = "nextDueAt";
    static final String NEXT_CHECK_AT = "nextCheckAt";
    static final String CONTACT = "contact";
    static final String TOUCHPOINTS = "touchpoints";
    static final String ARCHIVED = "archived";
    static final String ARCHIVING = "archiving";
    static final String SNOOZES = "snoozes";
    static final String PLANNED = "planned";
    static final String OCCASIONS = "occasions";
    /**
     * The contact's tags in lower case (Locale.ROOT), a listing key: the relationships of an owner
     * with a tag are found by it when the owner's cadence for that tag changes.
     */
    static final String CONTACT_TAGS = "contactTags";

    static final String SUGGESTED = "suggested";
    static final String STRENGTH = "strength";
    static final String RESPONSIVENESS = "responsiveness";
    static final String COOLING = "cooling";
    static final String ONE_WAY = "oneWay";
    static final String STRENGTH_AFTER_TOUCH = "strengthAfterTouch";
    static final String TOUCHED_AT = "touchedAt";
    /**
     * Of an erased relationship only: how many of each kind of thing its erasure removed (counts for
     * the erasure's confirmation, nothing personal); written by the write that erased it, and by
     * nothing in {@link #toDocument}, so later writes keep it.
     */
    static final String REMOVED = "erasureRemoved";

    /** A letter after the first of a touch entry's flag that marks a reply. */
    private static final char REPLY = 'r';

    /** A letter after the first (and after {@link #REPLY}) of a touch entry's flag that marks what was shared. */
    private static final char SHARED = 's';

    @Override
    public Document toDocument(Stored stored) {
        Relationship relationship = stored.relationship();
        RelationshipFacts facts = relationship.facts();
        ContactFacts contact = facts.contact();
        Document document = new Document(ID, relationship.contactId())
                .append(OWNER_ID, facts.ownerId())
                .append(ETAG, stored.etag())
                .append(SEQUENCE, stored.sequence())
                .append(LISTED, contact != null && !contact.deleted())
                .append(STATUS, name(relationship.status()))
                .append(NEXT_DUE_AT, date(stored.nextDueAt()))
                .append(NEXT_CHECK_AT, date(stored.nextCheckAt()))
                .append(CONTACT, contact == null ? null : contactDocument(contact))
                .append(CONTACT_TAGS, contact == null ? List.of() : tagKeys(contact.tags()))
                .append(
                        TOUCHPOINTS,
                        facts.touchpoints().stream()
                                .map(RelationshipDocuments::touchpointEntry)
                                .toList())
                .append(ARCHIVED, summaryDocument(facts.archived()))
                .append(
                        ARCHIVING,
                        facts.archiving().stream()
                                .map(RelationshipDocuments::touchpointEntry)
                                .toList())
                .append(
                        SNOOZES,
                        facts.snoozes().stream()
                                .map(RelationshipDocuments::snoozeDocument)
                                .toList())
                .append(
                        PLANNED,
                        facts.planned().stream()
                                .map(RelationshipDocuments::plannedDocument)
                                .toList())
                .append(OCCASIONS, relationship.occasions());
        // only once there is one: the list never empties again (but for an erasure, which keeps none),
        // and documents without it read as empty
        if (!relationship.suggested().isEmpty() || relationship.erased()) {
            document.append(
                    SUGGESTED,
                    relationship.suggested().stream()
                            .map(RelationshipDocuments::suggestedDocument)
                            .toList());
        }
        ListingKeys keys = stored.keys();
        if (keys != null) { // a relationship whose contact is not known yet has no scores
            document.append(STRENGTH, keys.strength())
                    .append(RESPONSIVENESS, keys.responsiveness())
                    .append(COOLING, keys.cooling())
                    .append(ONE_WAY, keys.oneWay())
                    .append(STRENGTH_AFTER_TOUCH, keys.strengthAfterTouch())
                    .append(TOUCHED_AT, date(keys.touchedAt()));
        }
        return document;
    }

    @Override
    public Stored fromDocument(Document d) {
        Document c = d.get(CONTACT, Document.class);
        ContactFacts contact = c == null ? null : contact(c);
        List<Touchpoint> touchpoints = strings(d, TOUCHPOINTS).stream()
                .map(RelationshipDocuments::touchpoint)
                .toList();
        List<Touchpoint> archiving = strings(d, ARCHIVING).stream()
                .map(RelationshipDocuments::touchpoint)
                .toList();
        TouchSummary archived = summary(d.get(ARCHIVED, Document.class));
        List<Snooze> snoozes = d.getList(SNOOZES, Document.class, List.of()).stream()
                .map(RelationshipDocuments::snooze)
                .toList();
        List<PlannedTouch> planned = d.getList(PLANNED, Document.class, List.of()).stream()
                .map(RelationshipDocuments::planned)
                .toList();
        Relationship relationship = new Relationship(
                new RelationshipFacts(
                        d.getString(ID),
                        d.getString(OWNER_ID),
                        contact,
                        touchpoints,
                        archived,
                        archiving,
                        snoozes,
                        planned),
                enumValue(d, STATUS, RelationshipStatus.class),
                strings(d, OCCASIONS),
                d.getList(SUGGESTED, Document.class, List.of()).stream()
                        .map(RelationshipDocuments::suggested)
                        .toList());
        return new Stored(
                relationship,
                d.getString(ETAG),
                longValue(d, SEQUENCE),
                instant(d, NEXT_DUE_AT),
                instant(d, NEXT_CHECK_AT),
                keys(d));
    }

    /** The score keys; null for a document written before they existed. */
    private static ListingKeys keys(Document d) {
        Integer strength = integer(d, STRENGTH);
        if (strength == null) {
            return null;
        }
        return new ListingKeys(
                strength,
                (int) longValue(d, RESPONSIVENESS),
                (int) longValue(d, COOLING),
                flag(d, ONE_WAY),
                (int) longValue(d, STRENGTH_AFTER_TOUCH),
                instant(d, TOUCHED_AT));
    }

    /**
     * One touchpoint as one string, {@code "<epoch millis> <type> <direction> <deleted> <id>"} ("-"
     * for what a tombstone does not know). A contact's history can be long and the document is
     * rewritten on every change; a string per touch stores and serialises several times cheaper
     * than a sub-document per touch (on the Mongo wire server's H2 backend the reminder benchmark
     * folds 1.4x faster).
     *
     * <p>A reply carries the outreach it answers between the flag and the id, and says so by a
     * letter {@code r} after the flag's first: {@code "<epoch millis> EMAIL INBOUND ar <outreach
     * epoch millis> <outreach id> <id>"}. A shared item carries its library id and its url ("-" for
     * the one not known) after that, marked by a letter {@code s}: {@code "<epoch millis>
     * ARTICLE_SHARED OUTBOUND as <shareable id> <url> <id>"}. Entries without them read as they
     * always did; the id, last, may hold spaces, the outreach's id (interaction-service's own), the
     * shareable id (this service's own) and the url (an absolute URL, whose spaces are
     * percent-encoded) do not.
     */
    static String touchpointEntry(Touchpoint touchpoint) {
        InReplyTo reply = touchpoint.inReplyTo();
        SharedItem shared = touchpoint.shared();
        StringBuilder entry = new StringBuilder(64)
                .append(
                        touchpoint.occurredAt() == null
                                ? "-"
                                : Long.toString(touchpoint.occurredAt().toEpochMilli()))
                .append(' ')
                .append(touchpoint.type() == null ? "-" : touchpoint.type().name())
                .append(' ')
                .append(
                        touchpoint.direction() == null
                                ? "-"
                                : touchpoint.direction().name())
                .append(' ')
                .append(touchpoint.deleted() ? 'd' : 'a');
        if (reply != null) {
            entry.append(REPLY);
        }
        if (shared != null) {
            entry.append(SHARED);
        }
        if (reply != null) {
            entry.append(' ')
                    .append(
                            reply.occurredAt() == null
                                    ? "-"
                                    : Long.toString(reply.occurredAt().toEpochMilli()))
                    .append(' ')
                    .append(reply.interactionId());
        }
        if (shared != null) {
            entry.append(' ')
                    .append(orDash(shared.shareableId()))
                    .append(' ')
                    .append(orDash(shared.url() == null ? null : shared.url().replace(" ", "%20")));
        }
        return entry.append(' ').append(touchpoint.id()).toString();
    }

    static Touchpoint touchpoint(String entry) {
        String[] parts = entry.split(" ", 5);
        String flag = parts[3];
        String rest = parts[4];
        InReplyTo reply = null;
        if (flag.indexOf(REPLY, 1) > 0) {
            String[] fields = rest.split(" ", 3);
            reply = new InReplyTo(
                    fields[1], fields[0].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(fields[0])));
            rest = fields[2];
        }
        SharedItem shared = null;
        if (flag.indexOf(SHARED, 1) > 0) {
            String[] fields = rest.split(" ", 3);
            shared = new SharedItem(dashAsNull(fields[0]), dashAsNull(fields[1]));
            rest = fields[2];
        }
        return new Touchpoint(
                rest,
                parts[0].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(parts[0])),
                parts[1].equals("-") ? null : InteractionType.valueOf(parts[1]),
                parts[2].equals("-") ? null : Direction.valueOf(parts[2]),
                flag.charAt(0) == 'd',
                reply,
                shared);
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String dashAsNull(String value) {
        return value.equals("-") ? null : value;
    }

    /** Tags as the listing key holds them: lower case (Locale.ROOT), trimmed, each once. */
    static List<String> tagKeys(List<String> tags) {
        return tags.stream()
                .filter(t -> t != null && !t.isBlank())
                .map(Tags::key)
                .distinct()
                .toList();
    }

    private static Document contactDocument(ContactFacts contact) {
        if (contact.erased()) { // nothing of the person: the tombstone says only that they were erased
            return new Document("erased", true).append("deleted", true).append("version", contact.version());
        }
        return new Document("name", contact.name())
                .append("tier", name(contact.tier()))
                .append("cadenceDays", contact.cadenceDays())
                .append("status", name(contact.status()))
                .append("metAt", date(contact.metAt()))
                .append("createdAt", date(contact.createdAt()))
                .append("deleted", contact.deleted())
                .append("version", contact.version())
                .append("tags", contact.tags())
                .append("company", contact.company())
                .append("title", contact.title());
    }

    private static ContactFacts contact(Document c) {
        return new ContactFacts(
                c.getString("name"),
                enumValue(c, "tier", Tier.class),
                integer(c, "cadenceDays"),
                enumValue(c, "status", ContactStatus.class),
                instant(c, "metAt"),
                instant(c, "createdAt"),
                flag(c, "deleted"),
                longValue(c, "version"),
                strings(c, "tags"),
                c.getString("company"),
                c.getString("title"),
                flag(c, "erased"));
    }

    /** The summary of a relationship's archived touches; a document without one has archived nothing. */
    private static Document summaryDocument(TouchSummary s) {
        if (s.count() == 0) {
            return null;
        }
        return new Document("count", s.count())
                .append("gives", s.gives())
                .append("asks", s.asks())
                .append("inbound", s.inbound())
                .append("first", date(s.first()))
                .append("last", date(s.last()))
                .append("lastId", s.lastId())
                .append("unanswered", s.unanswered())
                .append("distinctDays", s.distinctDays())
                .append(
                        "recentDays",
                        s.recentDays().stream().map(LocalDate::toString).toList())
                .append("lastTypes", s.lastTypes().stream().map(Enum::name).toList());
    }

    private static TouchSummary summary(Document d) {
        if (d == null) {
            return TouchSummary.EMPTY;
        }
        return new TouchSummary(
                integer(d, "count"),
                integer(d, "gives"),
                integer(d, "asks"),
                integer(d, "inbound"),
                instant(d, "first"),
                instant(d, "last"),
                d.getString("lastId"),
                integer(d, "unanswered"),
                integer(d, "distinctDays"),
                strings(d, "recentDays").stream().map(LocalDate::parse).toList(),
                strings(d, "lastTypes").stream().map(InteractionType::valueOf).toList());
    }

    private static Document snoozeDocument(Snooze snooze) {
        return new Document("id", snooze.id())
                .append("until", date(snooze.until()))
                .append("requestedAt", date(snooze.requestedAt()));
    }

    /** A planned touch as a sub-document, like a snooze: a relationship has a handful, its touches by the hundred. */
    private static Document plannedDocument(PlannedTouch planned) {
        return new Document("id", planned.id())
                .append("plannedFor", date(planned.plannedFor()))
                .append("type", name(planned.type()))
                .append("summary", planned.summary())
                .append("cancelled", planned.cancelled())
                .append("sequence", planned.sequence());
    }

    private static PlannedTouch planned(Document p) {
        return new PlannedTouch(
                p.getString("id"),
                instant(p, "plannedFor"),
                enumValue(p, "type", InteractionType.class),
                p.getString("summary"),
                flag(p, "cancelled"),
                longValue(p, "sequence"));
    }

    /** A suggestion announced, for the due date it was announced for; a document written before them has none. */
    private static Document suggestedDocument(Suggested suggested) {
        return new Document("shareableId", suggested.shareableId()).append("forDueAt", date(suggested.forDueAt()));
    }

    private static Suggested suggested(Document s) {
        return new Suggested(s.getString("shareableId"), instant(s, "forDueAt"));
    }

    private static Snooze snooze(Document s) {
        return new Snooze(s.getString("id"), instant(s, "until"), instant(s, "requestedAt"));
    }
}
