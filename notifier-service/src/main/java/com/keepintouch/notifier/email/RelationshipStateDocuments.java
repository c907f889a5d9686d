package com.keepintouch.notifier.email;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.notifier.email.RelationshipState.Suggestion;
import com.keepintouch.platform.system.DocumentMapper;
import org.bson.Document;

/**
 * A relationship's latest state as a document of the {@code relationship_states} collection, keyed
 * by the contact; the field names the queries use too. Strength, reciprocity and the suggestion are
 * written only when the event told them, so a state without them is stored as it always was.
 */
final class RelationshipStateDocuments implements DocumentMapper<RelationshipState> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String CONTACT_NAME = "contactName";
    static final String STATUS = "status";
    static final String REASONS = "reasons";
    static final String SUGGESTED_ACTION = "suggestedAction";
    static final String NEXT_DUE_AT = "nextDueAt";
    static final String OVERDUE_AT = "overdueAt";
    static final String SEQUENCE = "sequence";
    static final String STRENGTH = "strength";
    static final String RAISE_MOST = "raiseMost";
    static final String RESPONSIVENESS = "responsiveness";
    static final String RECIPROCITY = "reciprocity";
    static final String SUGGESTION = "suggestion";
    static final String SHAREABLE_ID = "shareableId";
    static final String TITLE = "title";
    static final String URL = "url";
    static final String WHY = "why";

    @Override
    public Document toDocument(RelationshipState s) {
        Document document = new Document(ID, s.contactId())
                .append(OWNER_ID, s.ownerId())
                .append(CONTACT_NAME, s.contactName())
                .append(STATUS, s.status())
                .append(REASONS, s.reasons())
                .append(SUGGESTED_ACTION, s.suggestedAction())
                .append(NEXT_DUE_AT, date(s.nextDueAt()))
                .append(OVERDUE_AT, date(s.overdueAt()))
                .append(SEQUENCE, s.sequence());
        putIfPresent(document, STRENGTH, s.strength());
        putIfPresent(document, RAISE_MOST, s.raiseMost());
        putIfPresent(document, RESPONSIVENESS, s.responsiveness());
        if (!s.reciprocity().isEmpty()) {
            document.append(RECIPROCITY, s.reciprocity());
        }
        Suggestion suggestion = s.suggestion();
        if (suggestion != null) {
            Document item = new Document();
            putIfPresent(item, SHAREABLE_ID, suggestion.shareableId());
            putIfPresent(item, TITLE, suggestion.title());
            putIfPresent(item, URL, suggestion.url());
            putIfPresent(item, WHY, suggestion.why());
            document.append(SUGGESTION, item);
        }
        return document;
    }

    @Override
    public RelationshipState fromDocument(Document d) {
        return new RelationshipState(
                d.getString(ID),
                d.getString(OWNER_ID),
                d.getString(CONTACT_NAME),
                d.getString(STATUS),
                strings(d, REASONS),
                d.getString(SUGGESTED_ACTION),
                instant(d, NEXT_DUE_AT),
                instant(d, OVERDUE_AT),
                longValue(d, SEQUENCE),
                integer(d, STRENGTH),
                d.getString(RAISE_MOST),
                integer(d, RESPONSIVENESS),
                strings(d, RECIPROCITY),
                suggestion(d.get(SUGGESTION, Document.class)));
    }

    private static Suggestion suggestion(Document item) {
        return item == null
                ? null
                : new Suggestion(
                        item.getString(SHAREABLE_ID), item.getString(TITLE), item.getString(URL), item.getString(WHY));
    }
}
