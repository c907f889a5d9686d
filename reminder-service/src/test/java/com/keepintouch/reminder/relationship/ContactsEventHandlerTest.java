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
        return ((RelationshipEvent.ContactChanged) ContactsEventHandler.translate(inbound(example))
                        .orElseThrow()
                        .event())
                .contact();
    }

    private static InboundEvent inbound(JsonNode example) {
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
    void contactErasedIsAnErasureByItsErasureId() {
        JsonNode example = SCHEMAS.examples("contact.erased").get(0);

        var addressed = ContactsEventHandler.translate(inbound(example)).orElseThrow();

        assertThat(addressed.contactId()).isEqualTo("c-7d1f2a");
        assertThat(addressed.ownerId()).isEqualTo("alice");
        assertThat(addressed.event()).isEqualTo(new RelationshipEvent.ContactErased(4, "er-2f8c1d9e"));
    }

    @Test
    void aContactEventThatArrivesWithoutItsPersonalDataIsAnErasureNotAContact() {
        JsonNode example = SCHEMAS.examples("contact.updated").get(0);
        ObjectNode data = (ObjectNode) example.get("data").deepCopy();
        data.remove("name");
        InboundEvent erased = inbound(example).opened(data, true);

        var addressed = ContactsEventHandler.translate(erased).orElseThrow();

        assertThat(addressed.event()).isInstanceOf(RelationshipEvent.ContactErased.class);
        assertThat(((RelationshipEvent.ContactErased) addressed.event()).erasureId())
                .isNull();
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
