package com.keepintouch.interaction;

import com.keepintouch.platform.kafka.InboundEventDeserializer;
import com.keepintouch.platform.personal.PersonalData;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * Reads an event the service published as a consumer does: with the platform's deserializer (so it
 * must fit its schema), its personal fields opened with the contact's key.
 */
public final class SealedEvents {

    private SealedEvents() {}

    /** The {@code data} of {@code event} (as published, sealed) with its personal fields opened. */
    public static JsonNode openedData(PersonalData personalData, JsonNode event) {
        byte[] published = event.toString().getBytes(StandardCharsets.UTF_8);
        return personalData
                .open(new InboundEventDeserializer().deserialize("interactions.v1", published))
                .data();
    }
}
