package com.keepintouch.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class EndpointDocumentsTest {

    private final EndpointDocuments documents = new EndpointDocuments();

    private static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }

    /** An endpoint document exactly as notifier-service has always inserted it. */
    private static Document stored() {
        return new Document("_id", "ep_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("firmWide", false)
                .append("url", "https://hooks.example.com/kit?x=1")
                .append("description", "the CRM")
                .append("eventTypes", List.of("relationship.due"))
                .append("enabled", true)
                .append(
                        "secrets",
                        List.of(
                                new Document("sealed", "v1.sealed-old")
                                        .append("createdAt", date("2026-01-05T10:15:30.123Z"))
                                        .append("expiresAt", date("2026-01-06T10:15:30.123Z")),
                                new Document("sealed", "v1.sealed-new")
                                        .append("createdAt", date("2026-01-05T10:15:30.123Z"))
                                        .append("expiresAt", null)))
                .append("createdAt", date("2026-01-01T09:00:00.001Z"))
                .append("updatedAt", date("2026-01-05T10:15:30.123Z"))
                .append("version", 3L);
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        Endpoint endpoint = documents.fromDocument(stored());

        assertThat(endpoint)
                .isEqualTo(new Endpoint(
                        "ep_0190a1b2c3d4e5f6a7b8c9d0",
                        "alice",
                        false,
                        URI.create("https://hooks.example.com/kit?x=1"),
                        "the CRM",
                        Set.of("relationship.due"),
                        true,
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new Endpoint.Secret(
                                        "v1.sealed-old",
                                        Instant.parse("2026-01-05T10:15:30.123Z"),
                                        Instant.parse("2026-01-06T10:15:30.123Z")),
                                new Endpoint.Secret("v1.sealed-new", Instant.parse("2026-01-05T10:15:30.123Z"), null)),
                        Instant.parse("2026-01-01T09:00:00.001Z"),
                        Instant.parse("2026-01-05T10:15:30.123Z"),
                        3));
        assertThat(documents.toDocument(endpoint)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(endpoint).keySet())).containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void anEndpointDisabledAndFailingReadsItsHealthAndWritesItBack() {
        // as Endpoints.disable and markFailing leave it, with the outbox's fields beside
        Document disabled = stored().append("enabled", false)
                .append("updatedAt", date("2026-02-01T00:00:00Z"))
                .append("version", 4L)
                .append("failingSince", date("2026-01-27T00:00:00Z"))
                .append("disabledReason", "FAILING")
                .append("disabledDetail", "every attempt failed for 5 days")
                .append("disabledAt", date("2026-02-01T00:00:00Z"))
                .append("pendingEvents", List.of());

        Endpoint endpoint = documents.fromDocument(disabled);

        assertThat(endpoint.enabled()).isFalse();
        assertThat(endpoint.disabledReason()).isEqualTo("FAILING");
        assertThat(endpoint.disabledDetail()).isEqualTo("every attempt failed for 5 days");
        assertThat(endpoint.disabledAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(endpoint.failingSince()).isEqualTo(Instant.parse("2026-01-27T00:00:00Z"));
        disabled.remove("pendingEvents");
        assertThat(documents.toDocument(endpoint)).isEqualTo(disabled);
        assertThat(documents.fromDocument(documents.toDocument(endpoint))).isEqualTo(endpoint);
    }

    @Test
    void aNewEndpointIsInsertedWithoutHealthFields() {
        Document written = documents.toDocument(documents.fromDocument(stored()));

        assertThat(written.keySet()).doesNotContain("disabledReason", "disabledDetail", "disabledAt", "failingSince");
    }

    @Test
    void numbersReadWhateverWidthTheServerGaveBack() {
        Endpoint endpoint = documents.fromDocument(stored().append("version", 3));

        assertThat(endpoint.version()).isEqualTo(3L);
        assertThat(documents.toDocument(endpoint).get("version")).isEqualTo(3L);
    }

    @Test
    void optionalFieldsMayBeNullOrMissing() {
        Document sparse = stored().append("description", null);
        sparse.remove("firmWide");
        sparse.remove("eventTypes");
        sparse.remove("secrets");

        Endpoint endpoint = documents.fromDocument(sparse);

        assertThat(endpoint.firmWide()).isFalse();
        assertThat(endpoint.description()).isNull();
        assertThat(endpoint.eventTypes()).isEmpty();
        assertThat(endpoint.secrets()).isEmpty();
        assertThat(documents.fromDocument(stored().append("enabled", null)).enabled())
                .isFalse();
    }
}
