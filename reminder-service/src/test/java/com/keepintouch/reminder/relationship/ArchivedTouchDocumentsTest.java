package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.reminder.relationship.ArchivedTouchDocuments.ArchivedTouch;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ArchivedTouchDocumentsTest {

    private final ArchivedTouchDocuments documents = new ArchivedTouchDocuments();

    @Test
    void anArchivedTouchReadsAndWritesBackUnchanged() {
        Document stored = new Document("_id", "i_0190a1b2c3d4e5f6a7b8c9d1")
                .append("contactId", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("entry", "1767225600000 FAVOR_GIVEN INBOUND a i_0190a1b2c3d4e5f6a7b8c9d1");

        ArchivedTouch archived = documents.fromDocument(stored);

        assertThat(archived)
                .isEqualTo(new ArchivedTouch(
                        "c_0190a1b2c3d4e5f6a7b8c9d0",
                        new Touchpoint(
                                "i_0190a1b2c3d4e5f6a7b8c9d1",
                                Instant.ofEpochMilli(1767225600000L),
                                InteractionType.FAVOR_GIVEN,
                                Direction.INBOUND,
                                false)));
        assertThat(documents.toDocument(archived)).isEqualTo(stored);
    }

    @Test
    void aTombstoneKeepsOnlyItsId() {
        Document stored = new Document("_id", "i_x").append("contactId", "c_y").append("entry", "- - - d i_x");

        assertThat(documents.fromDocument(stored).touchpoint()).isEqualTo(Touchpoint.tombstone("i_x"));
        assertThat(documents.toDocument(documents.fromDocument(stored))).isEqualTo(stored);
    }
}
