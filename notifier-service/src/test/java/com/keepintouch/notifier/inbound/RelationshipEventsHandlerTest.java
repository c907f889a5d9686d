package com.keepintouch.notifier.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.notifier.email.RelationshipState;
import com.keepintouch.notifier.inbound.RelationshipEventsHandler.Notice;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.platform.kafka.InboundEvent;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What a relationships.v1 event means to the notifier: its webhook body and the state the emails show. */
class RelationshipEventsHandlerTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The schema's relationship.due example, its state changed by {@code change}, checked against the schema. */
    private static InboundEvent due(Consumer<ObjectNode> change) {
        ObjectNode example =
                (ObjectNode) SCHEMAS.examples("relationship.due").get(0).deepCopy();
        change.accept((ObjectNode) example.path("data").path("state"));
        SCHEMAS.requireValid(example);
        return new InboundEvent(
                example.path("id").asString(),
                example.path("source").asString(),
                example.path("type").asString(),
                example.path("subject").asString(),
                Instant.parse(example.path("time").asString()),
                example.path("ownerId").asString(),
                example.path("sequence").asLong(),
                example.path("data"),
                example.toString(),
                null);
    }

    @Test
    void anEventWithoutStrengthOrSuggestionReadsAsBefore() {
        InboundEvent event = due(state -> RelationshipEvents.withoutInsight().accept(state, "Jill"));

        RelationshipState state = RelationshipEventsHandler.translate(event).state();

        assertThat(state.status())
                .isEqualTo(event.data().path("state").path("status").asString());
        assertThat(state.reasons()).isNotEmpty();
        assertThat(state.strength()).isNull();
        assertThat(state.raiseMost()).isNull();
        assertThat(state.responsiveness()).isNull();
        assertThat(state.reciprocity()).isEmpty();
        assertThat(state.suggestion()).isNull();
    }

    @Test
    void strengthReciprocityAndTheSuggestionAreReadAndTheWebhookBodyCarriesTheDataAsItCame() {
        InboundEvent event = due(state -> RelationshipEvents.withInsight("Hiring in 2026", "https://example.com/h")
                .accept(state, "Jill Summers"));

        Notice notice = RelationshipEventsHandler.translate(event);

        RelationshipState state = notice.state();
        assertThat(state.strength()).isEqualTo(41);
        assertThat(state.raiseMost())
                .isEqualTo("Reach out to Jill Summers: a touch now would raise strength from 41 to 70.");
        assertThat(state.responsiveness()).isEqualTo(71);
        assertThat(state.reciprocity())
                .containsExactly("Jill Summers replied to 4 of your last 5 emails, usually within a day.");
        assertThat(state.suggestion().title()).isEqualTo("Hiring in 2026");
        assertThat(state.suggestion().url()).isEqualTo("https://example.com/h");
        assertThat(state.suggestion().shareableId()).startsWith("sh_");
        assertThat(state.suggestion().why()).startsWith("Her title");
        JsonNode body = JSON.readTree(notice.message().body());
        assertThat(body.path("data")).isEqualTo(event.data());
    }

    @Test
    void aNullStrengthReciprocityOrSuggestionIsNone() {
        InboundEvent event = due(state -> {
            state.putNull("strength");
            state.putNull("reciprocity");
            state.putNull("suggestion");
        });

        RelationshipState state = RelationshipEventsHandler.translate(event).state();

        assertThat(state.strength()).isNull();
        assertThat(state.raiseMost()).isNull();
        assertThat(state.responsiveness()).isNull();
        assertThat(state.reciprocity()).isEmpty();
        assertThat(state.suggestion()).isNull();
    }
}
