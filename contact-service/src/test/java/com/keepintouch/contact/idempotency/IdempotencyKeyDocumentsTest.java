package com.keepintouch.contact.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class IdempotencyKeyDocumentsTest {

    private static final Date CREATED = Date.from(Instant.parse("2026-03-01T10:15:30.123Z"));

    private final IdempotencyKeyDocuments documents = new IdempotencyKeyDocuments();

    /** As begin() has always inserted it: no answer yet. */
    private static Document running() {
        return new Document("_id", "alice\nkey-1")
                .append("requestHash", "ab12")
                .append("state", "RUNNING")
                .append("createdAt", CREATED);
    }

    /** As complete() has always left it. */
    private static Document done() {
        return running()
                .append("state", "DONE")
                .append("status", 201)
                .append("location", "/api/contacts/c_1")
                .append("body", "{\"id\":\"c_1\"}");
    }

    @Test
    void aRunningKeyIsStoredWithoutAnAnswer() {
        IdempotencyKey key = documents.fromDocument(running());

        assertThat(key).isEqualTo(IdempotencyKey.running("alice\nkey-1", "ab12", CREATED.toInstant()));
        assertThat(documents.toDocument(key)).isEqualTo(running());
        assertThat(List.copyOf(documents.toDocument(key).keySet()))
                .containsExactly("_id", "requestHash", "state", "createdAt");
    }

    @Test
    void aDoneKeyReadsItsAnswerAndWritesBackUnchanged() {
        IdempotencyKey key = documents.fromDocument(done());

        assertThat(key.state()).isEqualTo(IdempotencyKey.State.DONE);
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.body()).isEqualTo("{\"id\":\"c_1\"}");
        assertThat(documents.toDocument(key)).isEqualTo(done());
    }

    @Test
    void aStatusStoredAsInt64ReadsTheSame() {
        assertThat(documents.fromDocument(done().append("status", 201L)).status())
                .isEqualTo(201);
    }
}
