package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class MessageDocumentsTest {

    private final MessageDocuments documents = new MessageDocuments();

    /** A message document exactly as notifier-service writes it. */
    private static Document stored() {
        return new Document("_id", "msg_5f0c6c0e7a514d0b9d0e0d1f7c1b2a3e")
                .append("eventId", "5f0c6c0e-7a51-4d0b-9d0e-0d1f7c1b2a3e")
                .append("type", "relationship.due")
                .append("ownerId", "alice")
                .append("contactId", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("timestamp", Date.from(Instant.parse("2026-03-01T10:15:30.123Z")))
                .append(
                        "body",
                        "{\"type\":\"relationship.due\",\"timestamp\":\"2026-03-01T10:15:30.123Z\",\"data\":{}}")
                // present while the body is stored: what the retention sweep finds it by
                .append("bodyAt", Date.from(Instant.parse("2026-03-01T10:15:30.123Z")));
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        Message message = documents.fromDocument(stored());

        assertThat(message)
                .isEqualTo(new Message(
                        "msg_5f0c6c0e7a514d0b9d0e0d1f7c1b2a3e",
                        "5f0c6c0e-7a51-4d0b-9d0e-0d1f7c1b2a3e",
                        "relationship.due",
                        "alice",
                        "c_0190a1b2c3d4e5f6a7b8c9d0",
                        Instant.parse("2026-03-01T10:15:30.123Z"),
                        "{\"type\":\"relationship.due\",\"timestamp\":\"2026-03-01T10:15:30.123Z\",\"data\":{}}"));
        assertThat(documents.toDocument(message)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(message).keySet())).containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void theTraceOfItsEventIsKeptForEveryAttempt() {
        Document traced = stored().append("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        Message message = documents.fromDocument(traced);

        assertThat(message.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(documents.toDocument(message)).isEqualTo(traced);
        assertThat(documents.fromDocument(stored()).traceparent())
                .as("a message stored before messages kept it")
                .isNull();
    }

    @Test
    void aMessageStoredBeforeBodyAtOrWhoseBodyWasRemovedReadsAsOne() {
        Document older = stored();
        older.remove("bodyAt");
        assertThat(documents.fromDocument(older).body()).contains("relationship.due");

        Document removed = stored().append("bodyRemovedAt", new Date()).append("bodyRemovedBy", "ERASURE");
        removed.remove("body");
        removed.remove("bodyAt");
        Message message = documents.fromDocument(removed);
        assertThat(message.body()).isNull();
        assertThat(documents.toDocument(message)).doesNotContainKey("bodyAt").containsEntry("body", null);
    }

    @Test
    void aMessageWithoutAContactReadsAsOne() {
        Document sparse = stored().append("contactId", null);

        Message message = documents.fromDocument(sparse);

        assertThat(message.contactId()).isNull();
        assertThat(documents.toDocument(message)).isEqualTo(sparse);
    }
}
