package com.keepintouch.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class RelationshipStateDocumentsTest {

    private final RelationshipStateDocuments documents = new RelationshipStateDocuments();

    /** A relationship state document exactly as notifier-service has always written it. */
    private static Document stored() {
        return new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("contactName", "Jill Summers")
                .append("status", "OVERDUE")
                .append("reasons", List.of("no touch in 45 days", "an unanswered ask"))
                .append("suggestedAction", "call her")
                .append("nextDueAt", Date.from(Instant.parse("2026-03-01T00:00:00Z")))
                .append("overdueAt", Date.from(Instant.parse("2026-03-15T00:00:00.500Z")))
                .append("sequence", 12L);
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        RelationshipState state = documents.fromDocument(stored());

        assertThat(state)
                .isEqualTo(new RelationshipState(
                        "c_0190a1b2c3d4e5f6a7b8c9d0",
                        "alice",
                        "Jill Summers",
                        "OVERDUE",
                        List.of("no touch in 45 days", "an unanswered ask"),
                        "call her",
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-15T00:00:00.500Z"),
                        12));
        assertThat(documents.toDocument(state)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(state).keySet())).containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void numbersReadWhateverWidthTheServerGaveBack() {
        RelationshipState state = documents.fromDocument(stored().append("sequence", 12));

        assertThat(state.sequence()).isEqualTo(12L);
        assertThat(documents.toDocument(state)).isEqualTo(stored());
    }

    @Test
    void optionalFieldsMayBeNullOrMissing() {
        Document sparse = stored().append("status", "OK")
                .append("suggestedAction", null)
                .append("nextDueAt", null)
                .append("overdueAt", null);
        sparse.remove("reasons");

        RelationshipState state = documents.fromDocument(sparse);

        assertThat(state.reasons()).isEmpty();
        assertThat(state.suggestedAction()).isNull();
        assertThat(state.nextDueAt()).isNull();
        assertThat(state.overdueAt()).isNull();
        assertThat(documents.toDocument(state)).isEqualTo(sparse.append("reasons", List.of()));
    }
}
