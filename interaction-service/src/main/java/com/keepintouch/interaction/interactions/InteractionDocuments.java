package com.keepintouch.interaction.interactions;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.flag;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.InReplyTo;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/** An interaction as a document of the {@code interactions} collection; the field names the queries use too. */
final class InteractionDocuments implements DocumentMapper<Interaction> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String CONTACT_ID = "contactId";
    static final String TYPE = "type";
    static final String DIRECTION = "direction";
    static final String OCCURRED_AT = "occurredAt";
    static final String SUMMARY = "summary";
    static final String EXTERNAL_ID = "externalId";
    static final String RECORDED_AT = "recordedAt";
    static final String DELETED = "deleted";
    /** Absent in documents stored before sources were kept: those are API. */
    static final String SOURCE = "source";
    /** Absent unless a captured reply answers an outbound interaction. */
    static final String IN_REPLY_TO = "inReplyTo";

    /** Absent unless an ARTICLE_SHARED interaction says what it shared. */
    static final String SHAREABLE_ID = "shareableId";

    static final String URL = "url";

    /**
     * The occurredAt of an interaction that still holds a summary, absent once it holds none (never
     * had one, retention removed it, or its contact was erased): the sparse key the retention sweep
     * finds the summaries to remove by. Absent in documents stored before it, until the backfill.
     */
    static final String SUMMARY_OCCURRED_AT = "summaryOccurredAt";

    /** True once the interaction's contact was erased: anonymised, and a 404 from then on. */
    static final String ERASED = "erased";

    static final String REPLIED_ID = "interactionId";
    static final String REPLIED_OCCURRED_AT = "occurredAt";

    @Override
    public Document toDocument(Interaction interaction) {
        Document document = new Document(ID, interaction.id())
                .append(OWNER_ID, interaction.ownerId())
                .append(CONTACT_ID, interaction.contactId())
                .append(TYPE, name(interaction.type()))
                .append(DIRECTION, name(interaction.direction()))
                .append(OCCURRED_AT, date(interaction.occurredAt()))
                .append(SUMMARY, interaction.summary())
                .append(EXTERNAL_ID, interaction.externalId())
                .append(RECORDED_AT, date(interaction.recordedAt()))
                .append(DELETED, interaction.deleted())
                .append(SOURCE, name(interaction.source()));
        InReplyTo inReplyTo = interaction.inReplyTo();
        putIfPresent(
                document,
                IN_REPLY_TO,
                inReplyTo == null
                        ? null
                        : new Document(REPLIED_ID, inReplyTo.interactionId())
                                .append(REPLIED_OCCURRED_AT, date(inReplyTo.occurredAt())));
        putIfPresent(document, SHAREABLE_ID, interaction.shareableId());
        putIfPresent(document, URL, interaction.url());
        if (interaction.summary() != null) {
            document.append(SUMMARY_OCCURRED_AT, date(interaction.occurredAt()));
        }
        return document;
    }

    @Override
    public Interaction fromDocument(Document d) {
        return new Interaction(
                d.getString(ID),
                d.getString(OWNER_ID),
                d.getString(CONTACT_ID),
                enumValue(d, TYPE, InteractionType.class),
                enumValue(d, DIRECTION, Direction.class),
                instant(d, OCCURRED_AT),
                d.getString(SUMMARY),
                d.getString(EXTERNAL_ID),
                instant(d, RECORDED_AT),
                flag(d, DELETED),
                enumValue(d, SOURCE, CaptureSource.class),
                inReplyTo(d.get(IN_REPLY_TO, Document.class)),
                d.getString(SHAREABLE_ID),
                d.getString(URL));
    }

    private static InReplyTo inReplyTo(Document d) {
        return d == null ? null : new InReplyTo(d.getString(REPLIED_ID), instant(d, REPLIED_OCCURRED_AT));
    }
}
