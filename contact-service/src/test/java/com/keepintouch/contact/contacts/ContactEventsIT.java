package com.keepintouch.contact.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every change of a contact leaves as a schema-valid event on contacts.v1, in order, also across a relay outage. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ContactEventsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    OutboxRelay relay;

    @AfterEach
    void relayRuns() {
        relay.start();
    }

    HttpApi alice() {
        return HttpApi.at(port).as(TestTokens.token("alice", "recruiter"));
    }

    @Test
    void createUpdateDeleteEmitSchemaValidEventsWithIncreasingSequence() {
        try (KafkaProbe probe = KafkaProbe.subscribe("contacts.v1")) {
            String id = alice().post(
                            "/api/contacts",
                            "{\"name\":\"Jill\",\"emails\":[\"e" + UUID.randomUUID() + "@example.com\"]}")
                    .json()
                    .path("id")
                    .asString();
            alice().patch("/api/contacts/" + id, "{\"cadenceDays\":30}", Map.of());
            alice().delete("/api/contacts/" + id);

            List<ConsumerRecord<String, String>> records =
                    probe.await(3, r -> id.equals(r.key()), Duration.ofSeconds(20));

            List<JsonNode> events =
                    records.stream().map(r -> JSON.readTree(r.value())).toList();
            assertThat(events)
                    .extracting(e -> e.path("type").asString())
                    .containsExactly("contact.created", "contact.updated", "contact.deleted");
            assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L, 3L);
            events.forEach(e -> assertThat(EventSchemas.load().violations(e))
                    .as(e.toString())
                    .isEmpty());
            assertThat(events.get(1).path("data").path("changedFields").toString())
                    .contains("cadenceDays");
            assertThat(events.get(0).path("data").has("notes")).isFalse();
        }
    }

    @Test
    void aContactCreatedWhileTheRelayIsStoppedIsPublishedOnceItRestarts() {
        relay.stop();
        try (KafkaProbe probe = KafkaProbe.subscribe("contacts.v1")) {
            String id = alice().post("/api/contacts", "{\"name\":\"Written during an outage\"}")
                    .json()
                    .path("id")
                    .asString();
            assertThat(probe.drain(Duration.ofSeconds(1))).noneMatch(r -> id.equals(r.key()));

            relay.start();

            probe.await(1, r -> id.equals(r.key()), Duration.ofSeconds(20));
            assertThat(probe.drain(Duration.ofSeconds(1)).stream().filter(r -> id.equals(r.key())))
                    .hasSize(1);
        }
    }
}
