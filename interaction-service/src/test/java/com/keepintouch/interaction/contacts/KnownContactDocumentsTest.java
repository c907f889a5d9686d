package com.keepintouch.interaction.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class KnownContactDocumentsTest {

    private final KnownContactDocuments documents = new KnownContactDocuments();

    /** A projected contact exactly as upsertIfNewer writes it. */
    private static Document stored() {
        return new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("deleted", false)
                .append("version", 7L)
                .append("emails", List.of("jill@example.com", "jill.home@example.org"));
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        KnownContact contact = documents.fromDocument(stored());

        assertThat(contact)
                .isEqualTo(new KnownContact(
                        "c_0190a1b2c3d4e5f6a7b8c9d0",
                        "alice",
                        false,
                        7,
                        List.of("jill@example.com", "jill.home@example.org")));
        assertThat(documents.toDocument(contact)).isEqualTo(stored());
    }

    @Test
    void aDocumentStoredBeforeEmailsWereKeptReadsAsNoAddresses() {
        Document old = stored();
        old.remove("emails");

        assertThat(documents.fromDocument(old).emails()).isEmpty();
    }

    @Test
    void addressesAreKeptLowercasedAndOnce() {
        KnownContact contact = new KnownContact(
                "c_1", "alice", false, 1, List.of(" Jill@Example.COM", "jill@example.com", "", "Other@Example.org"));

        assertThat(contact.emails()).containsExactly("jill@example.com", "other@example.org");
    }

    @Test
    void aVersionStoredAsInt32ReadsTheSame() {
        KnownContact contact = documents.fromDocument(stored().append("version", 7));

        assertThat(contact.version()).isEqualTo(7L);
        assertThat(documents.toDocument(contact).get("version")).isEqualTo(7L);
    }
}
