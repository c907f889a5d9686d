package com.keepintouch.interaction.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.InReplyTo;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class InteractionDocumentsTest {

    private final InteractionDocuments documents = new InteractionDocuments();

    /** An interaction document exactly as interaction-service writes one posted through the API. */
    private static Document stored() {
        return new Document("_id", "i_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("contactId", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("type", "ARTICLE_SHARED")
                .append("direction", "INBOUND")
                .append("occurredAt", Date.from(Instant.parse("2026-02-15T10:00:00.250Z")))
                .append("summary", "sent the article on hiring")
                .append("externalId", "crm-42")
                .append("recordedAt", Date.from(Instant.parse("2026-02-15T10:00:01.500Z")))
                .append("deleted", false)
                .append("source", "API")
                // the retention sweep's key, present while the summary is
                .append("summaryOccurredAt", Date.from(Instant.parse("2026-02-15T10:00:00.250Z")));
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        Interaction interaction = documents.fromDocument(stored());

        assertThat(interaction)
                .isEqualTo(new Interaction(
                        "i_0190a1b2c3d4e5f6a7b8c9d0",
                        "alice",
                        "c_0190a1b2c3d4e5f6a7b8c9d0",
                        InteractionType.ARTICLE_SHARED,
                        Direction.INBOUND,
                        Instant.parse("2026-02-15T10:00:00.250Z"),
                        "sent the article on hiring",
                        "crm-42",
                        Instant.parse("2026-02-15T10:00:01.500Z"),
                        false,
                        CaptureSource.API,
                        null,
                        null,
                        null));
        assertThat(documents.toDocument(interaction)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(interaction).keySet()))
                .containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void whatAnArticleSharedInteractionSharedIsKeptAndWrittenBack() {
        Document shared = stored().append("shareableId", "sh_0190a1b2c3d4e5f6a7b8c9d0")
                .append("url", "https://example.com/articles/courage-to-advertise?utm=1");

        Interaction interaction = documents.fromDocument(shared);

        assertThat(interaction.shareableId()).isEqualTo("sh_0190a1b2c3d4e5f6a7b8c9d0");
        assertThat(interaction.url()).isEqualTo("https://example.com/articles/courage-to-advertise?utm=1");
        assertThat(documents.toDocument(interaction)).isEqualTo(shared);
    }

    @Test
    void optionalFieldsMayBeNullOrMissing() {
        Document sparse = stored().append("summary", null).append("deleted", true);
        sparse.remove("externalId");

        Interaction interaction = documents.fromDocument(sparse);

        assertThat(interaction.summary()).isNull();
        assertThat(interaction.externalId()).isNull();
        assertThat(interaction.deleted()).isTrue();
        Document withoutDeleted = stored();
        withoutDeleted.remove("deleted");
        assertThat(documents.fromDocument(withoutDeleted).deleted()).isFalse();
    }

    @Test
    void aDocumentStoredBeforeSourcesWereKeptIsApi() {
        Document old = stored();
        old.remove("source");

        assertThat(documents.fromDocument(old).source()).isEqualTo(CaptureSource.API);
        assertThat(documents.fromDocument(old).inReplyTo()).isNull();
    }

    @Test
    void aCapturedReplyKeepsItsSourceAndWhatItAnswers() {
        Document reply = stored().append("source", "MAILBOX")
                .append(
                        "inReplyTo",
                        new Document("interactionId", "i_0190a1b2c3d4e5f6a7b8c9d1")
                                .append("occurredAt", Date.from(Instant.parse("2026-02-14T09:00:00Z"))));

        Interaction interaction = documents.fromDocument(reply);

        assertThat(interaction.source()).isEqualTo(CaptureSource.MAILBOX);
        assertThat(interaction.inReplyTo())
                .isEqualTo(new InReplyTo("i_0190a1b2c3d4e5f6a7b8c9d1", Instant.parse("2026-02-14T09:00:00Z")));
        assertThat(documents.toDocument(interaction)).isEqualTo(reply);
    }
}
