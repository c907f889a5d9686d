package com.keepintouch.contact.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export over real HTTP: contact-service gathers the other services' sections from real HTTP
 * servers standing in for them (answering canned sections, checking the caller's token is passed
 * on), whole or not at all, and audits each export.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.erasure.consumer-group=export-it",
            "kit.export.retries=1",
            "kit.export.retry-backoff=10ms",
            "kit.export.timeout=2s",
            "kit.export.circuit-minimum-calls=100"
        })
@WithInfrastructure
class ExportIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final StandIn INTERACTIONS =
            new StandIn("{\"interactions\":[{\"id\":\"i_1\",\"type\":\"CALL\",\"summary\":\"talked about the offer\"}],"
                    + "\"plannedTouches\":[],\"addresses\":[\"jill@example.com\"]}");
    static final StandIn REMINDERS = new StandIn(
            "{\"relationship\":{\"status\":\"DUE\"},\"announcements\":[{\"occasion\":\"o1\",\"type\":\"relationship.due\"}],"
                    + "\"snoozes\":[],\"touches\":[]}");
    static final StandIn NOTIFIER = new StandIn(
            "{\"deliveries\":[{\"deliveryId\":\"d_1\",\"channel\":\"WEBHOOK\",\"body\":\"{}\"}],\"digestState\":null}");

    @DynamicPropertySource
    static void otherServices(DynamicPropertyRegistry registry) {
        registry.add("kit.export.interaction-service-url", INTERACTIONS::url);
        registry.add("kit.export.reminder-service-url", REMINDERS::url);
        registry.add("kit.export.notifier-service-url", NOTIFIER::url);
    }

    @AfterAll
    static void stopAndCheckQueries() {
        INTERACTIONS.stop();
        REMINDERS.stop();
        NOTIFIER.stop();
        QueryLog.assertServedByIndexes(List.of("contacts", "contact_emails", "erasures", "audit_events"));
    }

    @AfterEach
    void servicesAnswerAgain() {
        NOTIFIER.status = 200;
        REMINDERS.answerAgain();
    }

    @LocalServerPort
    int port;

    HttpApi as(String user, String scopes) {
        return HttpApi.at(port).as(TestTokens.token(user, scopes));
    }

    String create(String owner) {
        Response created = as(owner, "recruiter")
                .post(
                        "/api/contacts",
                        "{\"name\":\"Jill Exported\",\"emails\":[\"jill." + UUID.randomUUID()
                                + "@example.com\"],\"notes\":\"likes climbing\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void theExportHoldsTheContactAndEveryServicesSection() {
        String id = create("alice");
        String token = TestTokens.token("alice", "recruiter");
        try (KafkaProbe probe = KafkaProbe.subscribe("audit.v1")) {
            Response export = HttpApi.at(port).as(token).get("/api/contacts/" + id + "/export");

            assertThat(export.status()).as(export.body()).isEqualTo(200);
            assertThat(export.contentType()).startsWith("application/json");
            assertThat(export.header("Content-Disposition"))
                    .hasValue("attachment; filename=\"contact-" + id + ".json\"");
            JsonNode document = export.json();
            assertThat(document.path("contactId").asString()).isEqualTo(id);
            assertThat(document.path("exportedAt").isString()).isTrue();
            assertThat(document.path("contact").path("name").asString()).isEqualTo("Jill Exported");
            assertThat(document.path("contact").path("notes").asString()).isEqualTo("likes climbing");
            assertThat(document.path("interactions")).isEqualTo(JSON.readTree(INTERACTIONS.body));
            assertThat(document.path("relationship")).isEqualTo(JSON.readTree(REMINDERS.body));
            assertThat(document.path("notifications")).isEqualTo(JSON.readTree(NOTIFIER.body));
            for (StandIn service : List.of(INTERACTIONS, REMINDERS, NOTIFIER)) {
                assertThat(service.calls.get("/api/personal-data/" + id))
                        .as("asked with the caller's own token")
                        .isEqualTo("Bearer " + token);
            }

            JsonNode audited = audited(probe, id, "COMPLETED");
            assertThat(audited.path("data").path("action").asString()).isEqualTo("contact.export");
            assertThat(audited.toString()).doesNotContain("Jill", "climbing");
        }
    }

    @Test
    void aServiceThatDoesNotAnswerFailsTheWholeExportNamingIt() {
        String id = create("alice");
        NOTIFIER.status = 500;
        try (KafkaProbe probe = KafkaProbe.subscribe("audit.v1")) {
            Response export = as("alice", "recruiter").get("/api/contacts/" + id + "/export");

            assertThat(export.status()).isEqualTo(503);
            assertThat(export.contentType()).startsWith("application/problem+json");
            assertThat(export.header("Retry-After")).isPresent();
            assertThat(export.json().path("detail").asString())
                    .contains("notifier-service")
                    .contains("nothing was exported");
            assertThat(export.body()).doesNotContain("Jill", "deliveries");
            assertThat(NOTIFIER.attempts("/api/personal-data/" + id))
                    .as("retried once")
                    .isEqualTo(2);

            JsonNode failed = audited(probe, id, "FAILED");
            assertThat(failed.path("data").path("detail").asString()).contains("notifier-service");
        }
    }

    @Test
    void aServiceThatTakesTooLongFailsTheExportToo() {
        String id = create("alice");
        REMINDERS.stopAnswering();

        Response export = as("alice", "recruiter").get("/api/contacts/" + id + "/export");

        assertThat(export.status()).isEqualTo(503);
        assertThat(export.json().path("detail").asString())
                .startsWith("reminder-service did not answer")
                .doesNotContain("Exception")
                .contains("nothing was exported");
        assertThat(REMINDERS.attempts("/api/personal-data/" + id))
                .as("retried once")
                .isEqualTo(2);
    }

    @Test
    void anErasedContactHasNoExport() {
        String id = create("alice");
        assertThat(as("alice", "recruiter")
                        .post("/api/contacts/" + id + "/erase", "")
                        .status())
                .isEqualTo(202);

        Response export = as("alice", "recruiter").get("/api/contacts/" + id + "/export");

        assertThat(export.status()).isEqualTo(404);
        assertThat(export.contentType()).startsWith("application/problem+json");
        assertThat(export.json().path("detail").asString()).contains("was erased");
        assertThat(INTERACTIONS.calls).doesNotContainKey("/api/personal-data/" + id);
    }

    @Test
    void onlyTheOwnerOrAnAdminExports() {
        String id = create("bob");
        try (KafkaProbe probe = KafkaProbe.subscribe("audit.v1")) {
            assertThat(as("alice", "recruiter")
                            .get("/api/contacts/" + id + "/export")
                            .status())
                    .isEqualTo(404);
            Response byOps = as("olga", "ops").get("/api/contacts/" + id + "/export");
            assertThat(byOps.status()).isEqualTo(403);
            assertThat(byOps.contentType()).startsWith("application/problem+json");
            assertThat(as("root", "admin")
                            .get("/api/contacts/" + id + "/export")
                            .status())
                    .isEqualTo(200);

            assertThat(audited(probe, id, "NOT_FOUND")
                            .path("data")
                            .path("actor")
                            .asString())
                    .isEqualTo("alice");
            assertThat(audited(probe, id, "FORBIDDEN")
                            .path("data")
                            .path("actor")
                            .asString())
                    .isEqualTo("olga");
            assertThat(audited(probe, id, "COMPLETED")
                            .path("data")
                            .path("actor")
                            .asString())
                    .isEqualTo("root");
            assertThat(probe.drain(Duration.ofSeconds(1)).stream()
                            .map(r -> JSON.readTree(r.value()).path("data"))
                            .filter(d -> id.equals(d.path("contactId").asString())))
                    .as("one entry per request")
                    .hasSize(3);
        }
    }

    private static JsonNode audited(KafkaProbe probe, String contactId, String outcome) {
        JsonNode event = JSON.readTree(probe.await(
                        1,
                        r -> {
                            JsonNode data = JSON.readTree(r.value()).path("data");
                            return contactId.equals(data.path("contactId").asString())
                                    && outcome.equals(data.path("outcome").asString());
                        },
                        Duration.ofSeconds(20))
                .get(0)
                .value());
        assertThat(EventSchemas.load().violations(event)).as(event.toString()).isEmpty();
        return event;
    }

    /** A real HTTP server standing in for one service's GET /api/personal-data/{contactId}. */
    static final class StandIn {

        final String body;
        final HttpServer server;
        final Map<String, String> calls = new ConcurrentHashMap<>();
        final List<String> attempts = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        volatile CountDownLatch silence = new CountDownLatch(0);

        StandIn(String body) {
            this.body = body;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/personal-data/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                attempts.add(path);
                try {
                    // a service that has stopped answering: it holds the call until the test lets it go
                    silence.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] answer =
                        (status == 200 ? body : "{\"title\":\"Internal error\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders()
                        .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        void stopAnswering() {
            silence = new CountDownLatch(1);
        }

        void answerAgain() {
            silence.countDown();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        long attempts(String path) {
            return attempts.stream().filter(path::equals).count();
        }

        void stop() {
            server.stop(0);
        }
    }
}
