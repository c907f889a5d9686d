package com.keepintouch.interaction;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.personal.PersonalData;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Reads an event the service published as a consumer does: its personal fields opened with the contact's key. */
public final class SealedEvents {

    private SealedEvents() {}

    /** The {@code data} of {@code event} (as published, sealed) with its personal fields opened. */
    public static JsonNode openedData(PersonalData personalData, JsonNode event) {
        InboundEvent read = new InboundEvent(
                event.path("id").asString(),
                event.path("source").asString(),
                event.path("type").asString(),
                event.path("subject").asString(),
                Instant.parse(event.path("time").asString()),
                event.path("ownerId").asString(),
                event.path("sequence").asLong(),
                event.path("data"),
                event.toString(),
                null);
        return personalData.open(read).data();
    }
}
