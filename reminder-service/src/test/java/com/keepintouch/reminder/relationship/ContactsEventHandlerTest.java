package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What contacts.v1 tells a relationship, read from the schemas' own examples. */
class ContactsEventHandlerTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();

    private static ContactFacts contact(JsonNode example) {
        InboundEvent event = new InboundEvent(
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
        return ((RelationshipEvent.ContactChanged)
                        ContactsEventHandler.translate(event).orElseThrow().event())
                .contact();
    }

    @Test
    void aContactsTagsCompanyAndTitleAreKept() {
        ContactFacts contact = contact(SCHEMAS.examples("contact.created").get(0));

        assertThat(contact.tags()).containsExactly("robotics", "berlin");
        assertThat(contact.company()).isEqualTo("Acme Robotics");
        assertThat(contact.title()).isEqualTo("VP Engineering");
    }

    @Test
    void aContactWithoutThemHasNoTagsCompanyOrTitle() {
        ObjectNode example =
                (ObjectNode) SCHEMAS.examples("contact.created").get(0).deepCopy();
        ObjectNode data = (ObjectNode) example.get("data");
        data.remove("tags");
        data.putNull("company");
        data.put("title", "  ");

        ContactFacts contact = contact(example);

        assertThat(contact.tags()).isEmpty();
        assertThat(contact.company()).isNull();
        assertThat(contact.title()).isNull();
    }
}
