package com.keepintouch.interaction.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.Document;
import org.junit.jupiter.api.Test;

class KnownContactDocumentsTest {

    private final KnownContactDocuments documents = new KnownContactDocuments();

    /** A projected contact exactly as upsertIfNewer has always written it. */
    private static Document stored() {
        return new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("deleted", false)
                .append("version", 7L);
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        KnownContact contact = documents.fromDocument(stored());

        assertThat(contact).isEqualTo(new KnownContact("c_0190a1b2c3d4e5f6a7b8c9d0", "alice", false, 7));
        assertThat(documents.toDocument(contact)).isEqualTo(stored());
    }

    @Test
    void aVersionStoredAsInt32ReadsTheSame() {
        KnownContact contact = documents.fromDocument(stored().append("version", 7));

        assertThat(contact.version()).isEqualTo(7L);
        assertThat(documents.toDocument(contact).get("version")).isEqualTo(7L);
    }
}
