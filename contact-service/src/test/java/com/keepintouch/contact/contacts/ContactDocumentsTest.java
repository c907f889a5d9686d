package com.keepintouch.contact.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ContactDocumentsTest {

    private final ContactDocuments documents = new ContactDocuments();

    /** A contact document exactly as contact-service has always written it. */
    private static Document stored() {
        return new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("name", "Jill Summers")
                .append("emails", List.of("jill@example.com", "j.summers@example.org"))
                .append("phone", "+49 30 1234")
                .append("company", "Acme")
                .append("title", "CTO")
                .append("tags", List.of("cto", "berlin"))
                .append("tier", "CLOSE")
                .append("cadenceDays", 30)
                .append("metAt", Date.from(Instant.parse("2025-11-02T09:00:00Z")))
                .append("howWeMet", "a meetup")
                .append("notes", "likes climbing")
                .append("status", "PAUSED")
                .append("timezone", "Europe/Berlin")
                .append("version", 3L)
                .append("createdAt", Date.from(Instant.parse("2026-01-05T10:15:30.123Z")))
                .append("updatedAt", Date.from(Instant.parse("2026-02-01T08:00:00.456Z")))
                .append("deleted", false);
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        Contact contact = documents.fromDocument(stored());

        assertThat(contact.fields().tier()).isEqualTo(Tier.CLOSE);
        assertThat(contact.fields().status()).isEqualTo(ContactStatus.PAUSED);
        assertThat(contact.fields().metAt()).isEqualTo(Instant.parse("2025-11-02T09:00:00Z"));
        assertThat(contact.createdAt()).isEqualTo(Instant.parse("2026-01-05T10:15:30.123Z"));
        assertThat(contact.version()).isEqualTo(3);
        assertThat(documents.toDocument(contact)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(contact).keySet())).containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void numbersReadWhateverWidthTheServerGaveBack() {
        Document narrow = stored().append("version", 3).append("cadenceDays", 30L);

        Contact contact = documents.fromDocument(narrow);

        assertThat(contact.version()).isEqualTo(3L);
        assertThat(contact.fields().cadenceDays()).isEqualTo(30);
        assertThat(documents.toDocument(contact)).isEqualTo(stored());
    }

    @Test
    void optionalFieldsMayBeNullOrMissing() {
        Document sparse = new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d1")
                .append("ownerId", "bob")
                .append("name", "Sam")
                .append("tier", "REGULAR")
                .append("status", "ACTIVE")
                .append("metAt", null)
                .append("version", 1L)
                .append("createdAt", Date.from(Instant.parse("2026-01-05T10:15:30Z")))
                .append("updatedAt", Date.from(Instant.parse("2026-01-05T10:15:30Z")));

        Contact contact = documents.fromDocument(sparse);

        assertThat(contact.fields().emails()).isEmpty();
        assertThat(contact.fields().tags()).isEmpty();
        assertThat(contact.fields().cadenceDays()).isNull();
        assertThat(contact.fields().metAt()).isNull();
        assertThat(contact.fields().phone()).isNull();
        assertThat(contact.deleted()).isFalse();
        Document written = documents.toDocument(contact);
        assertThat(written.get("emails")).isEqualTo(List.of());
        assertThat(written.containsKey("cadenceDays")).isTrue();
        assertThat(written.get("cadenceDays")).isNull();
        assertThat(written.get("deleted")).isEqualTo(false);
    }
}
