package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.HttpApi.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace from an API call to the webhook it causes: the trace id a client sends with {@code
 * POST /api/interactions} comes back on the response, travels through the outbox, Kafka,
 * reminder-service and notifier-service, arrives at the receiver in the webhook's {@code
 * traceparent}, and is in the log lines each service wrote on the way.
 */
class EndToEndTracingIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void stack() {
        SystemStack.healthy();
    }

    @Test
    void theTraceOfAnInteractionReachesTheWebhookItCausesAndEveryLogOnTheWay() {
        People tracy = People.recruiter("tracy");
        try (Receiver receiver = Receiver.start()) {
            tracy.subscribe(receiver, "relationship.overdue");
            String contactId = tracy.contact("Tomas Traced", 30);
            // reminder-service knows the contact first, so that the interaction is what makes it overdue
            await().atMost(PATIENCE).until(() -> !tracy.status(contactId).startsWith("HTTP"));

            String traceId = hex(16);
            String callerSpan = hex(8);
            Response recorded = tracy.interactions()
                    .post(
                            "/api/interactions",
                            """
                            {"contactId":"%s","type":"MEETING","direction":"OUTBOUND","occurredAt":"%s","externalId":"%s"}""".formatted(contactId, Instant.now().minus(100, ChronoUnit.DAYS), UUID.randomUUID()),
                            Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
            assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
            assertThat(recorded.header("traceparent"))
                    .as("the response names the caller's trace and the service's span in it")
                    .hasValueSatisfying(value ->
                            assertThat(value).matches("00-" + traceId + "-(?!" + callerSpan + ")[0-9a-f]{16}-01"));

            Receiver.Received webhook = await().atMost(PATIENCE)
                    .until(
                            () -> receiver.received().stream()
                                    .filter(r -> contactId.equals(r.json()
                                            .path("data")
                                            .path("contactId")
                                            .asString()))
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            assertThat(webhook.json().path("type").asString()).isEqualTo("relationship.overdue");
            assertThat(webhook.traceparent())
                    .as("the webhook request continues the trace of the interaction that caused it")
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01");

            for (String service : List.of("interaction-service", "reminder-service", "notifier-service")) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(linesOfTrace(service, traceId))
                                .as("ECS log lines of %s in trace %s", service, traceId)
                                .isNotEmpty()
                                .allSatisfy(line -> assertThat(line.findValuesAsString("traceId"))
                                        .as(line.toString())
                                        .contains(traceId)));
            }
        }
    }

    @Test
    void anExportAsksTheOtherServicesInTheTraceOfItsRequest() {
        People tracy = People.recruiter("tracy");
        String contactId = tracy.contact("Esme Exported", 30);
        // every service knows the contact first, so that each has its part to give
        await().atMost(PATIENCE)
                .until(() -> tracy.contacts()
                                .get("/api/contacts/" + contactId + "/export")
                                .status()
                        == 200);

        String traceId = hex(16);
        Response export = tracy.contacts()
                .send(
                        "GET",
                        "/api/contacts/" + contactId + "/export",
                        Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"),
                        java.net.http.HttpRequest.BodyPublishers.noBody());

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        for (String service : List.of("interaction-service", "notifier-service")) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(linesOfTrace(service, traceId))
                            .as("the log line of %s's part of the export, in trace %s", service, traceId)
                            .anySatisfy(line -> assertThat(line.toString()).contains("Personal data exported")));
        }
    }

    @Test
    void everyResponseOfEveryServiceHasATraceparent() {
        People tracy = People.recruiter("tracy");
        String contactId = tracy.contact("Rita Responds", 30);
        List<Response> responses = List.of(
                tracy.contacts().get("/api/contacts/" + contactId),
                tracy.contacts().get("/api/contacts/no-such-contact"),
                tracy.interactions().post("/api/interactions", "{\"contactId\":"),
                tracy.reminders().get("/api/relationships?limit=5"),
                tracy.notifier().get("/api/webhooks"),
                SystemStack.api("notifier-service").get("/api/webhooks"),
                SystemStack.api("reminder-service").get("/actuator/health"));
        assertThat(responses).extracting(Response::status).containsExactly(200, 404, 400, 200, 200, 401, 200);
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.header("traceparent"))
                        .as(response.toString())
                        .hasValueSatisfying(value -> assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")));
    }

    /** The JSON log lines of {@code service} that mention {@code traceId}. */
    private static List<JsonNode> linesOfTrace(String service, String traceId) {
        Path log = SystemStack.get().log(service);
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(traceId) && line.startsWith("{"))
                    .map(JSON::readTree)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
