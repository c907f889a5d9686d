package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.reminder.relationship.Relationships.Stored;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InReplyTo;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.PlannedTouch;
import com.keepintouch.reminder.relationship.domain.RelationshipRules;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.ReminderSettings;
import com.keepintouch.reminder.relationship.domain.SharedItem;
import com.keepintouch.reminder.relationship.domain.Suggested;
import com.keepintouch.reminder.relationship.domain.Tier;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class RelationshipDocumentsTest {

    private final RelationshipDocuments documents = new RelationshipDocuments();

    private static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }

    /** A relationship document exactly as reminder-service has always written it. */
    private static Document stored() {
        return new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("etag", "5f0c6c0e-7a51-4d0b-9d0e-0d1f7c1b2a3e")
                .append("sequence", 12L)
                .append("listed", true)
                .append("status", "OVERDUE")
                .append("nextDueAt", date("2026-03-01T00:00:00Z"))
                .append("nextCheckAt", date("2026-03-16T00:00:00Z"))
                .append(
                        "contact",
                        new Document("name", "Jill Summers")
                                .append("tier", "CLOSE")
                                .append("cadenceDays", 30)
                                .append("status", "ACTIVE")
                                .append("metAt", date("2025-01-10T09:00:00Z"))
                                .append("createdAt", date("2025-01-10T09:05:00.123Z"))
                                .append("deleted", false)
                                .append("version", 4L)
                                .append("tags", List.of("Marketing", "Women in Tech"))
                                .append("company", "Acme Robotics")
                                .append("title", "Head of Marketing to Women"))
                .append("contactTags", List.of("marketing", "women in tech"))
                .append(
                        "touchpoints",
                        List.of(
                                "1767225600000 CALL OUTBOUND a i_0190a1b2c3d4e5f6a7b8c9d1",
                                "- - - d i_0190a1b2c3d4e5f6a7b8c9d2",
                                "1767312000000 EMAIL INBOUND ar 1767225600000 i_0190a1b2c3d4e5f6a7b8c9d1 i_0190a1b2c3d4e5f6a7b8c9d7",
                                "1767398400000 ARTICLE_SHARED OUTBOUND as sh_0190a1b2c3d4e5f6a7b8c9d0 https://example.com/a?b=c i_0190a1b2c3d4e5f6a7b8c9d8"))
                .append(
                        "archived",
                        new Document("count", 70)
                                .append("gives", 5)
                                .append("asks", 1)
                                .append("inbound", 30)
                                .append("first", date("2024-01-01T00:00:00Z"))
                                .append("last", date("2025-12-01T00:00:00Z"))
                                .append("lastId", "i_0190a1b2c3d4e5f6a7b8c9d3")
                                .append("unanswered", 2)
                                .append("distinctDays", 60)
                                .append("recentDays", List.of("2025-11-30", "2025-12-01"))
                                .append("lastTypes", List.of("EMAIL", "FAVOR_ASKED")))
                .append("archiving", List.of("1764547200000 EMAIL INBOUND a i_0190a1b2c3d4e5f6a7b8c9d4"))
                .append(
                        "snoozes",
                        List.of(new Document("id", "s-1")
                                .append("until", date("2026-02-01T00:00:00Z"))
                                .append("requestedAt", date("2026-01-20T12:00:00.500Z"))))
                .append(
                        "planned",
                        List.of(new Document("id", "p_5d41402abc4b2a76b9719d91")
                                .append("plannedFor", date("2026-03-12T14:00:00Z"))
                                .append("type", "MEETING")
                                .append("summary", "Coffee with Jill")
                                .append("cancelled", false)
                                .append("sequence", 9L)))
                .append("occasions", List.of("due@2026-03-01T00:00:00Z", "overdue@2026-03-01T00:00:00Z"));
    }

    @Test
    void aStoredDocumentReadsAndWritesBackUnchanged() {
        Stored stored = documents.fromDocument(stored());

        var facts = stored.relationship().facts();
        assertThat(stored.relationship().status()).isEqualTo(RelationshipStatus.OVERDUE);
        assertThat(stored.sequence()).isEqualTo(12);
        assertThat(stored.nextDueAt()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(facts.contact().tier()).isEqualTo(Tier.CLOSE);
        assertThat(facts.contact().status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(facts.touchpoints())
                .containsExactly(
                        new Touchpoint(
                                "i_0190a1b2c3d4e5f6a7b8c9d1",
                                Instant.ofEpochMilli(1767225600000L),
                                InteractionType.CALL,
                                Direction.OUTBOUND,
                                false),
                        Touchpoint.tombstone("i_0190a1b2c3d4e5f6a7b8c9d2"),
                        new Touchpoint(
                                "i_0190a1b2c3d4e5f6a7b8c9d7",
                                Instant.ofEpochMilli(1767312000000L),
                                InteractionType.EMAIL,
                                Direction.INBOUND,
                                false,
                                new InReplyTo("i_0190a1b2c3d4e5f6a7b8c9d1", Instant.ofEpochMilli(1767225600000L))),
                        new Touchpoint(
                                "i_0190a1b2c3d4e5f6a7b8c9d8",
                                Instant.ofEpochMilli(1767398400000L),
                                InteractionType.ARTICLE_SHARED,
                                Direction.OUTBOUND,
                                false,
                                null,
                                new SharedItem("sh_0190a1b2c3d4e5f6a7b8c9d0", "https://example.com/a?b=c")));
        assertThat(facts.contact().tags()).containsExactly("Marketing", "Women in Tech");
        assertThat(facts.contact().company()).isEqualTo("Acme Robotics");
        assertThat(facts.contact().title()).isEqualTo("Head of Marketing to Women");
        assertThat(facts.archived().count()).isEqualTo(70);
        assertThat(facts.archived().recentDays())
                .containsExactly(LocalDate.parse("2025-11-30"), LocalDate.parse("2025-12-01"));
        assertThat(facts.snoozes()).hasSize(1);
        assertThat(facts.planned())
                .containsExactly(new PlannedTouch(
                        "p_5d41402abc4b2a76b9719d91",
                        Instant.parse("2026-03-12T14:00:00Z"),
                        InteractionType.MEETING,
                        "Coffee with Jill",
                        false,
                        9));
        assertThat(documents.toDocument(stored)).isEqualTo(stored());
        assertThat(List.copyOf(documents.toDocument(stored).keySet())).containsExactlyElementsOf(stored().keySet());
    }

    @Test
    void numbersReadWhateverWidthTheServerGaveBack() {
        Document narrow = stored().append("sequence", 12);
        narrow.get("contact", Document.class).append("version", 4).append("cadenceDays", 30L);
        narrow.get("archived", Document.class).append("count", 70L).append("unanswered", 2L);

        Stored stored = documents.fromDocument(narrow);

        assertThat(stored.sequence()).isEqualTo(12L);
        assertThat(stored.relationship().facts().contact().version()).isEqualTo(4L);
        assertThat(stored.relationship().facts().archived().count()).isEqualTo(70);
        assertThat(documents.toDocument(stored)).isEqualTo(stored());
    }

    @Test
    void aRelationshipWhoseContactIsNotKnownYetHasNoContactStatusOrDueDate() {
        Document early = new Document("_id", "c_0190a1b2c3d4e5f6a7b8c9d5")
                .append("ownerId", "alice")
                .append("etag", "e-1")
                .append("sequence", 0L)
                .append("listed", false)
                .append("status", null)
                .append("nextDueAt", null)
                .append("nextCheckAt", null)
                .append("contact", null)
                .append("contactTags", List.of())
                .append("touchpoints", List.of("1767225600000 MEETING INBOUND a i_0190a1b2c3d4e5f6a7b8c9d6"))
                .append("archived", null)
                .append("archiving", List.of())
                .append("snoozes", List.of())
                .append("planned", List.of())
                .append("occasions", List.of());

        Stored stored = documents.fromDocument(early);

        assertThat(stored.relationship().facts().contact()).isNull();
        assertThat(stored.relationship().status()).isNull();
        assertThat(stored.relationship().facts().archived().count()).isZero();
        assertThat(documents.toDocument(stored)).isEqualTo(early);
    }

    @Test
    void theScoreKeysAreStoredBesideTheDueDateAndReadBack() {
        Document scored = stored().append("strength", 41)
                .append("responsiveness", 71)
                .append("cooling", 29)
                .append("oneWay", false)
                .append("strengthAfterTouch", 70)
                .append("touchedAt", java.util.Date.from(Instant.parse("2026-01-02T00:00:00Z")));

        Stored stored = documents.fromDocument(scored);

        assertThat(stored.keys())
                .isEqualTo(new Relationships.ListingKeys(41, 71, 29, false, 70, Instant.parse("2026-01-02T00:00:00Z")));
        assertThat(documents.toDocument(stored)).isEqualTo(scored);
        assertThat(documents.fromDocument(stored()).keys())
                .as("a document stored before the scores")
                .isNull();
    }

    @Test
    void aDocumentWithoutTheListsOfLaterVersionsReadsAsEmptyLists() {
        Document old = stored();
        old.remove("archiving");
        old.remove("snoozes");
        old.remove("occasions");
        old.remove("archived");
        old.remove("planned");

        Stored stored = documents.fromDocument(old);

        assertThat(stored.relationship().facts().archiving()).isEmpty();
        assertThat(stored.relationship().facts().snoozes()).isEmpty();
        assertThat(stored.relationship().facts().planned()).isEmpty();
        assertThat(stored.relationship().occasions()).isEmpty();
        assertThat(stored.relationship().facts().archived().count()).isZero();
    }

    @Test
    void aContactStoredBeforeTagsCompanyAndTitleWereKeptReadsWithoutThem() {
        Document old = stored();
        old.remove("contactTags");
        Document contact = old.get("contact", Document.class);
        contact.remove("tags");
        contact.remove("company");
        contact.remove("title");

        Stored stored = documents.fromDocument(old);

        assertThat(stored.relationship().facts().contact().tags()).isEmpty();
        assertThat(stored.relationship().facts().contact().company()).isNull();
        assertThat(stored.relationship().facts().contact().title()).isNull();
        assertThat(documents.toDocument(stored).get("contactTags")).isEqualTo(List.of());
    }

    @Test
    void theListingKeyHoldsEachTagOnceInLowerCase() {
        assertThat(RelationshipDocuments.tagKeys(List.of(" Marketing ", "MARKETING", "Women in Tech", "Hiring")))
                .containsExactly("marketing", "women in tech", "hiring");
    }

    @Test
    void theSuggestionsAnnouncedAreStoredWithTheirDueDatesAndADocumentWithoutThemHasNone() {
        Document withSuggestions = stored().append(
                        "suggested",
                        List.of(
                                new Document("shareableId", "sh_1").append("forDueAt", date("2026-03-01T00:00:00Z")),
                                new Document("shareableId", "sh_2").append("forDueAt", date("2026-06-01T00:00:00Z"))));

        Stored stored = documents.fromDocument(withSuggestions);

        assertThat(stored.relationship().suggested())
                .containsExactly(
                        new Suggested("sh_1", Instant.parse("2026-03-01T00:00:00Z")),
                        new Suggested("sh_2", Instant.parse("2026-06-01T00:00:00Z")));
        assertThat(documents.toDocument(stored)).isEqualTo(withSuggestions);
        assertThat(documents.fromDocument(stored()).relationship().suggested()).isEmpty();
    }

    @Test
    void aChangeIsStoredWithItsAssessmentsDueAndCheckTimesUnderItsNewToken() {
        Stored before = documents.fromDocument(stored());
        Assessment state = new RelationshipRules(ReminderSettings.defaults())
                .assess(before.relationship().facts(), Instant.parse("2026-01-15T00:00:00Z"));
        Relationships.Change change =
                new Relationships.Change(before, before.relationship(), state, List.of(), List.of(), 13);

        Document written = documents.toDocument(change.stored("e-2"));

        assertThat(written.get("etag")).isEqualTo("e-2");
        assertThat(written.get("sequence")).isEqualTo(13L);
        assertThat(state.nextCheckAt()).isNotNull();
        assertThat(written.get("nextDueAt")).isEqualTo(Date.from(state.nextDueAt()));
        assertThat(written.get("nextCheckAt")).isEqualTo(Date.from(state.nextCheckAt()));
        assertThat(documents.fromDocument(written).relationship()).isEqualTo(before.relationship());
    }

    @Test
    void aTouchEntryWithoutAReplyIsWrittenAsBeforeAndAnIdWithSpacesStillReads() {
        Touchpoint plain = new Touchpoint(
                "legacy id 7", Instant.ofEpochMilli(1767225600000L), InteractionType.CALL, Direction.INBOUND, true);
        Touchpoint reply = new Touchpoint(
                "reply id",
                Instant.ofEpochMilli(1767312000000L),
                InteractionType.EMAIL,
                Direction.INBOUND,
                false,
                new InReplyTo("i_1", Instant.ofEpochMilli(1767225600000L)));

        assertThat(RelationshipDocuments.touchpointEntry(plain)).isEqualTo("1767225600000 CALL INBOUND d legacy id 7");
        assertThat(RelationshipDocuments.touchpoint("1767225600000 CALL INBOUND d legacy id 7"))
                .isEqualTo(plain);
        assertThat(RelationshipDocuments.touchpoint(RelationshipDocuments.touchpointEntry(reply)))
                .isEqualTo(reply);
        assertThat(RelationshipDocuments.touchpoint(RelationshipDocuments.touchpointEntry(reply.asDeleted())))
                .isEqualTo(reply.asDeleted());
    }

    @Test
    void aSharedItemIsKeptInTheTouchEntryBesideAReplyAndEntriesWithoutOneReadAsBefore() {
        Touchpoint link = new Touchpoint(
                "shared id 9",
                Instant.ofEpochMilli(1767225600000L),
                InteractionType.ARTICLE_SHARED,
                Direction.OUTBOUND,
                false,
                null,
                new SharedItem(null, "https://example.com/" + "long/".repeat(400)));
        Touchpoint item = new Touchpoint(
                "i_2",
                Instant.ofEpochMilli(1767225600000L),
                InteractionType.ARTICLE_SHARED,
                Direction.OUTBOUND,
                false,
                null,
                new SharedItem("sh_0190a1b2c3d4e5f6a7b8c9d0", null));
        Touchpoint both = new Touchpoint(
                "i_3",
                Instant.ofEpochMilli(1767312000000L),
                InteractionType.ARTICLE_SHARED,
                Direction.INBOUND,
                false,
                new InReplyTo("i_1", Instant.ofEpochMilli(1767225600000L)),
                new SharedItem("sh_0190a1b2c3d4e5f6a7b8c9d0", "https://example.com/a"));

        for (Touchpoint touch : List.of(link, item, both, both.asDeleted())) {
            assertThat(RelationshipDocuments.touchpoint(RelationshipDocuments.touchpointEntry(touch)))
                    .isEqualTo(touch);
        }
        assertThat(RelationshipDocuments.touchpointEntry(item))
                .isEqualTo("1767225600000 ARTICLE_SHARED OUTBOUND as sh_0190a1b2c3d4e5f6a7b8c9d0 - i_2");
        assertThat(RelationshipDocuments.touchpointEntry(both))
                .isEqualTo("1767312000000 ARTICLE_SHARED INBOUND ars 1767225600000 i_1 sh_0190a1b2c3d4e5f6a7b8c9d0"
                        + " https://example.com/a i_3");
        assertThat(RelationshipDocuments.touchpoint("1767225600000 ARTICLE_SHARED OUTBOUND a i_4")
                        .shared())
                .isNull();
    }

    @Test
    void anErasedRelationshipIsStoredWithNothingOfThePersonAndReadsBackErased() {
        Stored before = documents.fromDocument(stored());
        var erased = before.relationship()
                .fold(
                        List.of(new com.keepintouch.reminder.relationship.domain.RelationshipEvent.ContactErased(
                                5, "e_1")),
                        Instant.parse("2026-03-20T00:00:00Z"),
                        new RelationshipRules(ReminderSettings.defaults()))
                .relationship();

        Document document = documents.toDocument(new Stored(erased, "e-2", 12, null, null));

        assertThat(document.toJson())
                .doesNotContain("Jill", "Acme", "Marketing", "marketing", "i_", "CLOSE")
                .contains("\"erased\": true");
        assertThat(document.get("listed")).isEqualTo(false);
        assertThat(document.getList("suggested", Document.class)).isEmpty();
        Stored read = documents.fromDocument(document);
        assertThat(read.relationship()).isEqualTo(erased);
        assertThat(read.relationship().erased()).isTrue();
    }
}
