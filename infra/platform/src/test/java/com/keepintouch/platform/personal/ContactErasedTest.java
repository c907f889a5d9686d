package com.keepintouch.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InboundEventDeserializer;
import com.keepintouch.platform.kafka.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What every service that erases reads in contact.erased, from the schema's own example. */
class ContactErasedTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();

    private static ObjectNode example(String type) {
        return (ObjectNode) SCHEMAS.examples(type).get(0).deepCopy();
    }

    private static InboundEvent read(ObjectNode event) {
        return new InboundEventDeserializer()
                .deserialize("contacts.v1", event.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contactErasedNamesTheContactItsOwnerTheErasureAndWhen() {
        ContactErased erased =
                ContactErased.of(read(example(ContactErased.TYPE))).orElseThrow();

        assertThat(erased)
                .isEqualTo(new ContactErased(
                        "c-7d1f2a", "alice", "er-2f8c1d9e", Instant.parse("2026-12-02T09:00:00Z"), 4, null));
    }

    @Test
    void anyOtherContactEventIsNoErasure() {
        assertThat(ContactErased.of(read(example("contact.deleted")))).isEmpty();
    }

    @Test
    void anErasureWithoutItsErasureOrWithAnUnreadableDateCannotBeReadAndSaysWhyInWords() {
        ObjectNode withoutErasure = example(ContactErased.TYPE);
        ((ObjectNode) withoutErasure.get("data")).remove("erasureId");
        ObjectNode unreadableDate = example(ContactErased.TYPE);
        ((ObjectNode) unreadableDate.get("data")).put("erasedAt", "yesterday");
        InboundEvent noErasure = read(example(ContactErased.TYPE)).opened(withoutErasure.get("data"), false);
        InboundEvent noDate = read(example(ContactErased.TYPE)).opened(unreadableDate.get("data"), false);

        assertThatThrownBy(() -> ContactErased.of(noErasure))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("contact.erased 9b6f3c1e-2d4a-4e8f-9c1b-117920570740 has no erasureId");
        assertThatThrownBy(() -> ContactErased.of(noDate))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("contact.erased 9b6f3c1e-2d4a-4e8f-9c1b-117920570740 has an unreadable erasedAt");
    }

    @Test
    void anEventThatNoLongerOpensIsAnErasureOfItsSubjectWithNothingToConfirm() {
        InboundEvent updated = read(example("contact.updated"));

        ContactErased erased = ContactErased.foundIn(updated.opened(updated.data(), true));

        assertThat(erased.contactId()).isEqualTo(updated.subject());
        assertThat(erased.ownerId()).isEqualTo(updated.ownerId());
        assertThat(erased.erasureId()).isNull();
        assertThat(erased.erasedAt()).isEqualTo(updated.time());
        assertThat(erased.sequence()).isEqualTo(updated.sequence());
    }
}
