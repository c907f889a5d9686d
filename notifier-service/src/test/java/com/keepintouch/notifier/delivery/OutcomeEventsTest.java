package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.DeliveryFailed;
import com.keepintouch.notifier.domain.DeliverySucceeded;
import com.keepintouch.notifier.domain.EndpointDisabled;
import com.keepintouch.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The typed events of notifications.v1 serialise to what their schemas define, field for field. */
class OutcomeEventsTest {

    static final Instant AT = Instant.parse("2026-11-20T09:15:07Z");
    static final EventSchemas SCHEMAS = EventSchemas.load();
    static final JsonMapper JSON = JsonMapper.builder().build();
    final Outbox outbox = new Outbox("notifier-service", JSON, Clock.fixed(AT, ZoneOffset.UTC));

    JsonNode envelope(String type, String key, String owner, Object data) {
        return JSON.readTree(
                outbox.event("notifications.v1", type, key, owner, 2, data).payload());
    }

    @Test
    void notificationDelivered() {
        JsonNode event = envelope(
                DeliverySucceeded.TYPE,
                "dl_1",
                "alice",
                new DeliverySucceeded(
                        "dl_1",
                        Delivery.Channel.WEBHOOK,
                        "ep_1",
                        "e-1",
                        "relationship.due",
                        "c_1",
                        "alice",
                        2,
                        204,
                        AT));

        assertThat(SCHEMAS.violations(event)).isEmpty();
        assertThat(event.path("data").toString())
                .isEqualTo(
                        "{\"deliveryId\":\"dl_1\",\"channel\":\"WEBHOOK\",\"endpointId\":\"ep_1\",\"eventId\":\"e-1\","
                                + "\"eventType\":\"relationship.due\",\"contactId\":\"c_1\",\"ownerId\":\"alice\",\"attempts\":2,"
                                + "\"responseStatus\":204,\"deliveredAt\":\"2026-11-20T09:15:07Z\"}");
    }

    @Test
    void notificationFailedOfAnEmail() {
        JsonNode event = envelope(
                DeliveryFailed.TYPE,
                "dl_2",
                "alice",
                new DeliveryFailed(
                        "dl_2", Delivery.Channel.EMAIL, null, "e-2", "digest", null, "alice", 8, "SMTP", AT));

        assertThat(SCHEMAS.violations(event)).isEmpty();
        assertThat(event.path("data").toString())
                .isEqualTo("{\"deliveryId\":\"dl_2\",\"channel\":\"EMAIL\",\"endpointId\":null,\"eventId\":\"e-2\","
                        + "\"eventType\":\"digest\",\"contactId\":null,\"ownerId\":\"alice\",\"attempts\":8,"
                        + "\"lastError\":\"SMTP\",\"failedAt\":\"2026-11-20T09:15:07Z\"}");
    }

    @Test
    void endpointDisabled() {
        JsonNode event = envelope(
                EndpointDisabled.TYPE,
                "ep_1",
                "alice",
                new EndpointDisabled("ep_1", "alice", "https://hooks.example.com/x", "GONE", "answered 410", AT));

        assertThat(SCHEMAS.violations(event)).isEmpty();
        assertThat(event.path("data").toString())
                .isEqualTo("{\"endpointId\":\"ep_1\",\"ownerId\":\"alice\",\"url\":\"https://hooks.example.com/x\","
                        + "\"reason\":\"GONE\",\"detail\":\"answered 410\",\"disabledAt\":\"2026-11-20T09:15:07Z\"}");
    }
}
