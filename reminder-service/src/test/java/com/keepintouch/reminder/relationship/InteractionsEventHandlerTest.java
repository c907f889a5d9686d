package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InReplyTo;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.PlannedTouch;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.SharedItem;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What each type on interactions.v1 means to a relationship, read from the schemas' own examples. */
class InteractionsEventHandlerTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();

    private static InboundEvent inbound(JsonNode example, String type) {
        return new InboundEvent(
                example.path("id").asString(),
                example.path("source").asString(),
                type,
                example.path("subject").asString(),
                Instant.parse(example.path("time").asString()),
                example.path("ownerId").asString(),
                example.path("sequence").asLong(),
                example.path("data"),
                example.toString(),
                null);
    }

    private static InboundEvent example(String type, int index) {
        return inbound(SCHEMAS.examples(type).get(index), type);
    }

    @Test
    void aRecordingIsATouchAndAReplyKeepsTheOutreachItAnswers() {
        Addressed plain = InteractionsEventHandler.translate(example("interaction.recorded", 0))
                .orElseThrow();
        Addressed reply = InteractionsEventHandler.translate(example("interaction.recorded", 1))
                .orElseThrow();

        assertThat(plain.event())
                .isEqualTo(new RelationshipEvent.InteractionRecorded(new Touchpoint(
                        "i-91ab3c",
                        Instant.parse("2026-11-20T09:00:00Z"),
                        InteractionType.ARTICLE_SHARED,
                        Direction.OUTBOUND,
                        false)));
        assertThat(((RelationshipEvent.InteractionRecorded) reply.event())
                        .touchpoint()
                        .inReplyTo())
                .isEqualTo(new InReplyTo("i_019aa1b2c3d4e5f6a7b8c9d0", Instant.parse("2026-11-20T16:30:00Z")));
        assertThat(((RelationshipEvent.InteractionRecorded) reply.event())
                        .touchpoint()
                        .direction())
                .isEqualTo(Direction.INBOUND);
    }

    @Test
    void anArticleSharedKeepsWhatItSharedAndAnotherTypeNever() {
        Touchpoint shared = ((RelationshipEvent.InteractionRecorded)
                        InteractionsEventHandler.translate(example("interaction.recorded", 2))
                                .orElseThrow()
                                .event())
                .touchpoint();

        assertThat(shared.shared())
                .isEqualTo(new SharedItem(
                        "sh_019ab9bf00a1b2c3d4e5f6a7",
                        "https://example.com/articles/the-courage-to-advertise-without-female-stereotypes"));
        assertThat(InteractionsEventHandler.shared(new InteractionsEventHandler.InteractionData(
                        "i_1",
                        "c_1",
                        "alice",
                        InteractionType.EMAIL,
                        Direction.OUTBOUND,
                        Instant.parse("2026-11-20T09:00:00Z"),
                        null,
                        "sh_1",
                        "https://example.com")))
                .isNull();
    }

    @Test
    void aPlanIsFoldedAsAPlanVersionedByItsSequenceNeverAsATouch() {
        Addressed planned = InteractionsEventHandler.translate(example("interaction.planned", 0))
                .orElseThrow();

        assertThat(planned.contactId()).isEqualTo("c-7d1f2a");
        assertThat(planned.event())
                .isEqualTo(new RelationshipEvent.TouchPlanned(new PlannedTouch(
                        "p_5d41402abc4b2a76b9719d91",
                        Instant.parse("2026-12-12T14:00:00Z"),
                        InteractionType.MEETING,
                        "Coffee with Jill",
                        false,
                        9)));
    }

    @Test
    void aTypeThisServiceDoesNotKnowIsSkippedNotFoldedAsATouch() {
        JsonNode recorded = SCHEMAS.examples("interaction.recorded").get(0);

        Optional<Addressed> unknown = InteractionsEventHandler.translate(inbound(recorded, "interaction.reviewed"));
        Optional<Addressed> again = InteractionsEventHandler.translate(inbound(recorded, "interaction.reviewed"));

        assertThat(unknown).isEmpty();
        assertThat(again).isEmpty();
    }
}
