package com.keepintouch.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class PreferenceDocumentsTest {

    private final PreferenceDocuments documents = new PreferenceDocuments();

    /** A preference document exactly as notifier-service has always written it. */
    private static Document stored() {
        return new Document("_id", "alice")
                .append("email", "alice@example.com")
                .append("mode", "WEEKLY_DIGEST")
                .append("timezone", "Europe/Berlin")
                .append("digestHour", 7)
                .append("digestDay", "TUESDAY")
                .append("lastDigest", "weekly-2026-W09")
                .append("updatedAt", Date.from(Instant.parse("2026-02-20T08:00:00.250Z")));
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        Preference preference = documents.fromDocument(stored());

        assertThat(preference)
                .isEqualTo(new Preference(
                        "alice",
                        "alice@example.com",
                        Preference.Mode.WEEKLY_DIGEST,
                        ZoneId.of("Europe/Berlin"),
                        7,
                        DayOfWeek.TUESDAY,
                        "weekly-2026-W09",
                        Instant.parse("2026-02-20T08:00:00.250Z")));
        assertThat(documents.toDocument(preference)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(preference).keySet())).containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void numbersReadWhateverWidthTheServerGaveBack() {
        Preference preference = documents.fromDocument(stored().append("digestHour", 7L));

        assertThat(preference.digestHour()).isEqualTo(7);
        assertThat(documents.toDocument(preference)).isEqualTo(stored());
    }

    @Test
    void aDocumentWithoutDigestHourOrUpdatedAtHasTheDefaults() {
        Document sparse = stored().append("lastDigest", null);
        sparse.remove("digestHour");
        sparse.remove("updatedAt");

        Preference preference = documents.fromDocument(sparse);

        assertThat(preference.digestHour()).isEqualTo(8);
        assertThat(preference.updatedAt()).isEqualTo(Instant.EPOCH);
        assertThat(preference.lastDigest()).isNull();
        assertThat(documents.fromDocument(stored().append("digestHour", null)).digestHour())
                .isEqualTo(8);
    }
}
