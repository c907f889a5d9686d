package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every {@code /api} operation of every service, enumerated from its own OpenAPI document, attacked
 * from outside: without a token, with an expired or forged one, with the wrong scope, with bodies
 * that are too big, malformed, of the wrong type or full of MongoDB operators, and with another
 * owner's ids. The answers must be 4xx problem+json, never a 500; no secret may reach a log.
 */
class SecurityIT {

    private static final String OPERATOR = "{\"$ne\":null}";

    /** One operation of an API: method and path template, and whether it takes a JSON body. */
    record Operation(String service, String method, String path, List<String> consumes) {
        String concretePath(String id) {
            return path.replaceAll("\\{[^}]+}", id);
        }

        boolean hasBody() {
            return !consumes.isEmpty();
        }

        boolean consumesJson() {
            return consumes.stream().anyMatch(type -> type.contains("json"));
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    private static List<Operation> operations;

    @BeforeAll
    static void enumerate() {
        SystemStack.healthy();
        operations = new ArrayList<>();
        for (String service : LocalStack.SERVICES) {
            JsonNode docs = SystemStack.api(service).get("/v3/api-docs").json();
            for (String path : docs.path("paths").propertyNames()) {
                if (!path.startsWith("/api/")) {
                    continue;
                }
                JsonNode item = docs.path("paths").path(path);
                for (String method : item.propertyNames()) {
                    List<String> consumes = new ArrayList<>();
                    item.path(method)
                            .path("requestBody")
                            .path("content")
                            .propertyNames()
                            .forEach(consumes::add);
                    operations.add(new Operation(service, method.toUpperCase(), path, consumes));
                }
            }
        }
        assertThat(operations).as("operations found in the OpenAPI documents").hasSizeGreaterThan(20);
    }

    @Test
    void everyOperationRefusesCallersWithoutAValidTokenOrScope() {
        Map<String, String> badTokens = Map.of(
                "no token",
                "",
                "expired",
                TestTokens.sign(secret(), "mallory", "admin", Instant.now().minus(10, ChronoUnit.MINUTES)),
                "forged signature",
                TestTokens.sign(
                        secret() + "x", "mallory", "admin", Instant.now().plus(1, ChronoUnit.HOURS)),
                "not a JWT",
                "let-me-in");
        String noScope =
                TestTokens.sign(secret(), "mallory", "guest", Instant.now().plus(1, ChronoUnit.HOURS));
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : operations) {
            badTokens.forEach((what, token) -> {
                problem(
                        softly,
                        call(operation, token, "{}", "application/json"),
                        operation + " with " + what,
                        401,
                        401);
            });
            problem(
                    softly,
                    call(operation, noScope, "{}", "application/json"),
                    operation + " with no known scope",
                    403,
                    403);
        }
        softly.assertAll();
    }

    @Test
    void badInputIsAProblemNeverAServerError() {
        String token = SystemStack.token("mallory-" + System.nanoTime(), "recruiter");
        String oversized = "{\"name\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}";
        List<String> bodies = List.of(
                "{\"name\":", // malformed
                "[1,2,3]", // the wrong shape
                "{\"name\":" + OPERATOR + ",\"contactId\":{\"$where\":\"sleep(1000)\"},\"url\":{\"$gt\":\"\"},"
                        + "\"email\":{\"$regex\":\".*\"},\"eventTypes\":[{\"$ne\":1}],\"items\":[{\"contactId\":"
                        + OPERATOR + "}],\"$where\":\"1\",\"a.b\":1}",
                "{\"name\":\"x\",\"contactId\":\"c.$where\",\"until\":\"not a date\",\"mode\":\"SOMETIMES\"}");
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : operations) {
            for (String id : operation.path().contains("{")
                    ? List.of("does-not-exist", OPERATOR, "a.b", "$where")
                    : List.<String>of()) {
                problem(
                        softly,
                        call(operation, token, "{}", "application/json", id),
                        operation + " id " + id,
                        400,
                        499);
            }
            if (!operation.hasBody()) {
                continue;
            }
            // A CSV or vCard import reports bad lines one by one (200): only JSON bodies must be refused whole.
            for (String body : operation.consumesJson() ? bodies : List.<String>of()) {
                problem(
                        softly,
                        call(operation, token, body, operation.consumes().get(0)),
                        operation + " body " + body,
                        400,
                        499);
            }
            Response wrongType = call(operation, token, "name=x", "application/x-www-form-urlencoded");
            softly.assertThat(wrongType.status())
                    .as(operation + " form-encoded")
                    .isEqualTo(415);
            Response tooBig =
                    call(operation, token, oversized, operation.consumes().get(0));
            softly.assertThat(tooBig.status()).as(operation + " 17 MB").isEqualTo(413);
        }
        for (String service : LocalStack.SERVICES) {
            for (Operation list : operations.stream()
                    .filter(o -> o.service().equals(service)
                            && o.method().equals("GET")
                            && !o.path().contains("{"))
                    .toList()) {
                String query = Stream.of(
                                "q", "status", "tag", "tier", "contactId", "cursor", "from", "limit", "ownerId")
                        .map(p -> p + "=" + URLEncoder.encode(OPERATOR, StandardCharsets.UTF_8))
                        .reduce((a, b) -> a + "&" + b)
                        .orElseThrow();
                Response response = SystemStack.api(service, token).get(list.path() + "?" + query);
                softly.assertThat(response.status())
                        .as(list + "?" + query)
                        .isNotEqualTo(500)
                        .isLessThan(500);
            }
        }
        softly.assertAll();
    }

    @Test
    void anotherOwnersIdsAreNotFound() {
        People alice = People.recruiter("alice");
        People bob = People.recruiter("bob");
        String contact = alice.contact("Alice's Secret Contact", 30);
        alice.touched(contact, "MEETING", "OUTBOUND", Instant.now().minus(100, ChronoUnit.DAYS));
        String interaction = alice.interactions()
                .get("/api/interactions?contactId=" + contact)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        String endpoint;
        try (Receiver receiver = Receiver.start()) {
            endpoint = alice.subscribe(receiver);
        }
        SoftAssertions softly = new SoftAssertions();
        List<Response> answers = List.of(
                bob.contacts().get("/api/contacts/" + contact),
                bob.contacts().patch("/api/contacts/" + contact, "{\"name\":\"Bob's now\"}", Map.of()),
                bob.contacts().delete("/api/contacts/" + contact),
                bob.interactions()
                        .post(
                                "/api/interactions",
                                "{\"contactId\":\"" + contact + "\",\"type\":\"CALL\",\"direction\":\"OUTBOUND\"}"),
                bob.interactions().delete("/api/interactions/" + interaction),
                bob.reminders().get("/api/relationships/" + contact),
                bob.reminders().post("/api/relationships/" + contact + "/snooze", "{\"days\":3}"),
                bob.notifier().get("/api/webhooks/" + endpoint),
                bob.notifier().delete("/api/webhooks/" + endpoint),
                bob.notifier().post("/api/webhooks/" + endpoint + "/rotate-secret", "{}"),
                bob.notifier().post("/api/webhooks/" + endpoint + "/test", "{}"));
        answers.forEach(answer ->
                softly.assertThat(answer.status()).as(answer.toString()).isEqualTo(404));
        softly.assertThat(bob.contacts().get("/api/contacts?q=Secret").json().path("items"))
                .isEmpty();
        softly.assertThat(bob.interactions()
                        .get("/api/interactions?contactId=" + contact)
                        .status())
                .isIn(200, 404);
        softly.assertThat(bob.interactions()
                        .get("/api/interactions?contactId=" + contact)
                        .body())
                .doesNotContain(interaction);
        softly.assertThat(alice.contacts()
                        .get("/api/contacts/" + contact)
                        .json()
                        .path("name")
                        .asString())
                .isEqualTo("Alice's Secret Contact");
        softly.assertAll();
    }

    @Test
    void webhookTargetsInsideTheNetworkAreRefused() {
        People mallory = People.recruiter("mallory");
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/hook",
                "http://192.168.1.1/hook",
                "http://100.64.0.1/hook",
                "http://[fd00::1]/hook",
                "http://[::ffff:10.0.0.1]/hook",
                "http://0.0.0.0/hook",
                "http://224.0.0.1/hook",
                "file:///etc/passwd",
                "gopher://example.com/",
                "http://user:password@example.com/hook")) {
            Response refused = mallory.notifier().post("/api/webhooks", "{\"url\":\"" + url + "\"}");
            assertThat(refused.status()).as(url).isBetween(400, 422);
            assertThat(refused.contentType()).as(url).startsWith("application/problem+json");
        }
    }

    @Test
    void noSecretEverReachesALog() throws IOException {
        People keeper = People.recruiter("keeper");
        try (Receiver receiver = Receiver.start()) {
            String endpoint = keeper.subscribe(receiver);
            Response rotated = keeper.notifier().post("/api/webhooks/" + endpoint + "/rotate-secret", "{}");
            SystemStack.SECRETS.add(rotated.json().path("secret").asString());
        }
        List<String> secrets = new ArrayList<>(SystemStack.SECRETS);
        secrets.add(secret());
        secrets.add(SystemStack.TEST_ENVIRONMENT.getOrDefault(
                "KIT_WEBHOOKS_SECRETKEY", "kit-local-webhook-secret-key-change-me"));
        Path logs = SystemStack.get().settings().logs();
        List<Path> files;
        try (Stream<Path> listed = Files.list(logs)) {
            files = listed.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        assertThat(secrets.stream().filter(s -> s.startsWith("whsec_"))).hasSizeGreaterThanOrEqualTo(2);
        for (Path file : files) {
            String log = Files.readString(file, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(log.contains(secret))
                        .as(file.getFileName() + " contains a secret starting " + secret.substring(0, 8))
                        .isFalse();
            }
            assertThat(log).as(file.getFileName().toString()).doesNotContain("whsec_", "Bearer ey");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A status between {@code min} and {@code max}, as problem+json. */
    private static void problem(SoftAssertions softly, Response response, String what, int min, int max) {
        softly.assertThat(response.status()).as(what).isBetween(min, max);
        softly.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
    }

    private static String secret() {
        return SystemStack.get().settings().jwtSecret();
    }

    private static Response call(Operation operation, String token, String body, String contentType) {
        return call(operation, token, body, contentType, "x1");
    }

    private static Response call(Operation operation, String token, String body, String contentType, String id) {
        HttpApi api =
                token.isEmpty() ? SystemStack.api(operation.service()) : SystemStack.api(operation.service(), token);
        String path = operation.concretePath(URLEncoder.encode(id, StandardCharsets.UTF_8));
        boolean withBody =
                !operation.method().equals("GET") && !operation.method().equals("DELETE");
        try {
            return api.send(
                    operation.method(),
                    path,
                    withBody ? Map.of("Content-Type", contentType) : Map.of(),
                    withBody ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
        } catch (UncheckedIOException e) {
            throw new AssertionError(operation + " did not answer: " + e.getMessage(), e);
        }
    }
}
