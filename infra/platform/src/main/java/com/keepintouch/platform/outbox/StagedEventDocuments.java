package com.keepintouch.platform.outbox;

import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.system.DocumentMapper;
import com.keepintouch.platform.system.StoredValues;
import org.bson.Document;

/** An event waiting in its aggregate's {@code pendingEvents} array, as the relay reads it. */
final class StagedEventDocuments implements DocumentMapper<StagedEvent> {

    static final StagedEventDocuments MAPPER = new StagedEventDocuments();

    static final String ID = "id";

    static final String TRACEPARENT = "traceparent";

    private StagedEventDocuments() {}

    @Override
    public Document toDocument(StagedEvent event) {
        Document document = new Document(ID, event.id())
                .append("topic", event.topic())
                .append("key", event.key())
                .append("type", event.type())
                .append("sequence", event.sequence())
                .append("payload", event.payload());
        StoredValues.putIfPresent(document, TRACEPARENT, event.traceparent());
        return document;
    }

    @Override
    public StagedEvent fromDocument(Document document) {
        return new StagedEvent(
                document.getString(ID),
                document.getString("topic"),
                document.getString("key"),
                document.getString("type"),
                StoredValues.longValue(document, "sequence"),
                document.getString("payload"),
                document.getString(TRACEPARENT));
    }
}
