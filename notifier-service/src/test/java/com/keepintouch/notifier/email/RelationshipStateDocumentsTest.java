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

    /** The same relationship as events now tell it: with strength, reciprocity and a suggestion. */
    private static Document storedWithInsight() {
        return stored().append("strength", 72)
                .append("raiseMost", "Reach out to Jill: a touch now would raise strength from 41 to 70.")
                .append("responsiveness", 71)
                .append("reciprocity", List.of("Jill replied to 4 of your last 5 emails, usually within a day."))
                .append(
                        "suggestion",
                        new Document("shareableId", "sh_1")
                                .append("title", "The Courage to Advertise")
                                .append("url", "https://example.com/courage")
                                .append("why", "Her title matches marketing."));
    }

    @Test
    void strengthReciprocityAndTheSuggestionReadAndWriteBackUnchanged() {
        RelationshipState state = documents.fromDocument(storedWithInsight());

        assertThat(state.strength()).isEqualTo(72);
        assertThat(state.raiseMost()).startsWith("Reach out to Jill");
        assertThat(state.responsiveness()).isEqualTo(71);
        assertThat(state.reciprocity())
                .containsExactly("Jill replied to 4 of your last 5 emails, usually within a day.");
        assertThat(state.suggestion())
                .isEqualTo(new RelationshipState.Suggestion(
                        "sh_1",
                        "The Courage to Advertise",
                        "https://example.com/courage",
                        "Her title matches marketing."));
        assertThat(documents.toDocument(state)).isEqualTo(storedWithInsight());
    }

    @Test
    void aStateWithoutStrengthOrSuggestionIsStoredWithoutThoseFields() {
        RelationshipState old = documents.fromDocument(stored());

        assertThat(old.strength()).isNull();
        assertThat(old.raiseMost()).isNull();
        assertThat(old.responsiveness()).isNull();
        assertThat(old.reciprocity()).isEmpty();
        assertThat(old.suggestion()).isNull();
        assertThat(documents.toDocument(old).keySet())
                .doesNotContain("strength", "raiseMost", "responsiveness", "reciprocity", "suggestion");
    }

    @Test
    void aSuggestionWithOnlySomeFieldsKeepsWhatItHas() {
        Document partial = stored().append("suggestion", new Document("url", "https://example.com/x"));

        RelationshipState state = documents.fromDocument(partial);

        assertThat(state.suggestion())
                .isEqualTo(new RelationshipState.Suggestion(null, null, "https://example.com/x", null));
        assertThat(documents.toDocument(state)).isEqualTo(partial);
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
