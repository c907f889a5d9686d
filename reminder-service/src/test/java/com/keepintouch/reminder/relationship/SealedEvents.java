package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InboundEventDeserializer;
import com.keepintouch.platform.personal.PersonalData;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads relationships.v1 events as a consumer does: checks that they travel sealed, then reads them
 * with the platform's deserializer (so they must fit their schema) and opens them.
 */
final class SealedEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SealedEvents() {}

    /** The event {@code json} with its personal fields opened, after checking that it carries none in the clear. */
    static JsonNode opened(PersonalData personalData, String json) {
        JsonNode event = JSON.readTree(json);
        JsonNode data = event.path("data");
        assertThat(data.has("contactName") || data.has("state"))
                .as("the contact's name and state travel sealed")
                .isFalse();
        assertThat(data.path(PersonalData.SEALED).asString()).startsWith("pd1.");
        InboundEvent opened = personalData.open(
                new InboundEventDeserializer().deserialize("relationships.v1", json.getBytes(StandardCharsets.UTF_8)));
        assertThat(opened.erased()).isFalse();
        ObjectNode copy = (ObjectNode) event.deepCopy();
        copy.set("data", opened.data());
        return copy;
    }
}
