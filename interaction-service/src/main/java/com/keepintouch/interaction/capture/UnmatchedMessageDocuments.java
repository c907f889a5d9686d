package com.keepintouch.interaction.capture;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.interaction.capture.CaptureRules.Sender;
import com.keepintouch.platform.system.DocumentMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/** An {@link UnmatchedMessage} as a document of {@code capture_unmatched}, one per owner and Message-ID. */
final class UnmatchedMessageDocuments implements DocumentMapper<UnmatchedMessage> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String MESSAGE_ID = "messageId";
    static final String SOURCE = "source";
    static final String OCCURRED_AT = "occurredAt";
    static final String SUMMARY = "summary";
    static final String REPLY_TARGETS = "replyTargets";
    static final String RECIPIENTS = "recipients";
    static final String SENDER = "sender";
    static final String FROM_HASH = "fromHash";
    static final String RECIPIENT_HASHES = "recipientHashes";
    /** From and recipient hashes together, each once: what the multikey index finds a contact's addresses by. */
    static final String ADDRESS_HASHES = "addressHashes";

    static final String EXPIRES_AT = "expiresAt";

    /** One record per owner and message: capturing the same message again replaces it. */
    static String id(String ownerId, String messageId) {
        return ownerId + "/" + messageId;
    }

    @Override
    public Document toDocument(UnmatchedMessage m) {
        Set<String> hashes = new LinkedHashSet<>();
        hashes.add(m.fromHash());
        hashes.addAll(m.recipientHashes());
        Document d = new Document(ID, id(m.ownerId(), m.messageId()))
                .append(OWNER_ID, m.ownerId())
                .append(MESSAGE_ID, m.messageId())
                .append(SOURCE, name(m.source()))
                .append(OCCURRED_AT, date(m.occurredAt()));
        putIfPresent(d, SUMMARY, m.summary());
        return d.append(REPLY_TARGETS, m.replyTargets())
                .append(RECIPIENTS, m.recipients())
                .append(SENDER, name(m.sender()))
                .append(FROM_HASH, m.fromHash())
                .append(RECIPIENT_HASHES, m.recipientHashes())
                .append(ADDRESS_HASHES, List.copyOf(hashes))
                .append(EXPIRES_AT, date(m.expiresAt()));
    }

    @Override
    public UnmatchedMessage fromDocument(Document d) {
        return new UnmatchedMessage(
                d.getString(OWNER_ID),
                d.getString(MESSAGE_ID),
                enumValue(d, SOURCE, CaptureSource.class),
                instant(d, OCCURRED_AT),
                d.getString(SUMMARY),
                strings(d, REPLY_TARGETS),
                integer(d, RECIPIENTS),
                enumValue(d, SENDER, Sender.class),
                d.getString(FROM_HASH),
                strings(d, RECIPIENT_HASHES),
                instant(d, EXPIRES_AT));
    }
}
