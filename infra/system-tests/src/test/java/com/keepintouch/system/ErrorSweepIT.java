package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every endpoint of every service, found in the services' own OpenAPI documents (so that a new one
 * is swept without anyone listing it) plus the few that are not there (the ops pages, actuator), fed
 * hostile input: no or a wrong token, malformed JSON, bodies of the wrong shape field by field,
 * wrong content types, bad path variables and query parameters, methods not allowed, unknown paths.
 * Every error must be a 4xx problem+json that names no Java type, library or internal message and
 * does not echo a long piece of what was sent.
 */
class ErrorSweepIT {

    /** What an error body must never say: Java types, library names, framework messages. */
    static final Pattern INTERNALS = Pattern.compile("java\\.|jakarta\\.|org\\.springframework|com\\.fasterxml"
            + "|com\\.keepintouch|tools\\.jackson|Exception|at com\\.|\\$[A-Z]|Cannot deserialize|JSON parse error"
            + "|Failed to convert|No static resource|Required request body is missing|\\.java:\\d+"
            + "|Feature\\.[A-Z_]+|\\[Source:|`(int|long|short|byte|float|double)`");

    /** The longest piece of a hostile input an error body may repeat. */
    static final int MAX_ECHO = 200;

    /** Long, and periodic: any echo of more than {@link #MAX_ECHO} characters contains its first 200. */
    static final String LONG = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(300);

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One operation: method, path template, the content types it consumes and its parameters. */
    record Operation(
            String service,
            String method,
            String path,
            List<String> consumes,
            List<JsonNode> parameters,
            JsonNode bodySchema) {

        String at(String segment) {
            return path.replaceAll("\\{[^}]+}", segment);
        }

        boolean hasBody() {
            return !consumes.isEmpty();
        }

        String jsonType() {
            return consumes.stream()
                    .filter(type -> type.contains("json"))
                    .findFirst()
                    .orElse(null);
        }

        boolean changes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    /** A request of the sweep and whether it must fail (or may succeed, being valid by chance). */
    /** A method the path does not take, with a JSON body of {@code {}}: it must fail. */
    private static Attempt emptyObject(String service, String method, String path, String token, boolean api) {
        return new Attempt(
                service,
                method,
                path,
                Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8),
                token,
                null,
                true,
                api);
    }

    record Attempt(
            String service,
            String method,
            String path,
            Map<String, String> headers,
            byte[] body,
            String token,
            String hostile,
            boolean mustFail,
            boolean api) {

        @Override
        public String toString() {
            String shown = body == null || body.length == 0
                    ? ""
                    : " body " + abbreviate(new String(body, StandardCharsets.UTF_8), 120);
            return service + " " + method + " " + abbreviate(path, 120)
                    + (headers.isEmpty() ? "" : " " + abbreviate(headers.toString(), 120))
                    + shown + (token == null ? " (no token)" : "");
        }
    }

    private static final List<Operation> OPERATIONS = new ArrayList<>();
    private static final Map<String, JsonNode> COMPONENTS = new LinkedHashMap<>();
    /** A few requests at a time, over the one client of {@link HttpApi}: the sweep takes seconds, not minutes. */
    private static final ExecutorService SENDERS = Executors.newFixedThreadPool(4);

    private static final AtomicInteger SENT = new AtomicInteger();
    private static final Set<String> SWEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static long nanos;
    private static String recruiter;
    private static String ops;
    private static String guest;

    /** The sweeper's own resources by the path before their id: a body is checked against one that exists. */
    private static final Map<String, String> OWN = new LinkedHashMap<>();

    private static Receiver receiver;

    @BeforeAll
    static void discover() {
        SystemStack.healthy();
        recruiter = SystemStack.token("sweeper-" + System.nanoTime(), "recruiter");
        ops = SystemStack.token("sweeper-ops", "ops");
        guest = SystemStack.token("sweeper-guest", "guest");
        for (String service : LocalStack.SERVICES) {
            Response answer = SystemStack.api(service).get("/v3/api-docs");
            assertThat(answer.status()).as(service + " /v3/api-docs").isEqualTo(200);
            JsonNode docs = answer.json();
            docs.path("components").path("schemas").properties().forEach(e -> COMPONENTS.put(e.getKey(), e.getValue()));
            JsonNode paths = docs.path("paths");
            for (String path : paths.propertyNames()) {
                JsonNode item = paths.path(path);
                for (String method : item.propertyNames()) {
                    JsonNode operation = item.path(method);
                    if (!operation.isObject() || method.equals("parameters")) {
                        continue;
                    }
                    List<String> consumes = new ArrayList<>(
                            operation.path("requestBody").path("content").propertyNames());
                    JsonNode bodySchema = consumes.stream()
                            .filter(type -> type.contains("json"))
                            .findFirst()
                            .map(type -> operation
                                    .path("requestBody")
                                    .path("content")
                                    .path(type)
                                    .path("schema"))
                            .orElse(null);
                    List<JsonNode> parameters = new ArrayList<>();
                    item.path("parameters").forEach(parameters::add);
                    operation.path("parameters").forEach(parameters::add);
                    OPERATIONS.add(
                            new Operation(service, method.toUpperCase(), path, consumes, parameters, bodySchema));
                }
            }
        }
        assertThat(OPERATIONS).as("operations in the OpenAPI documents").hasSizeGreaterThan(20);
        assertThat(OPERATIONS.stream()
                        .flatMap(operation -> operation.parameters().stream())
                        .map(parameter -> parameter.path("name").asString()))
                .as("the documents name only what a client sends: the caller comes from the token")
                .doesNotContain("caller");
        assertThat(COMPONENTS.values().stream().flatMap(schema -> schema.path("properties").propertyNames().stream()))
                .as("a body taken as a JsonNode is documented as an object, not as Jackson's getters")
                .doesNotContain("nodeType", "pojo", "bigDecimal");
        assertThat(OPERATIONS.stream().map(Operation::path))
                .as("the documents list every API, not only some")
                .contains("/api/contacts", "/api/interactions", "/api/relationships/{contactId}", "/api/webhooks");
        own();
        for (String service : LocalStack.SERVICES) {
            LOGGED_BEFORE.put(service, size(SystemStack.get().log(service)));
        }
    }

    /** Where each service's log stood when the sweep began. */
    private static final Map<String, Long> LOGGED_BEFORE = new LinkedHashMap<>();

    private static long size(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every answer of the sweep is an expected refusal: none may leave a stack trace in a log. */
    private static void assertNoStackTraceLogged() {
        for (String service : LocalStack.SERVICES) {
            Path log = SystemStack.get().log(service);
            String logged;
            try (var in = Files.newInputStream(log)) {
                in.skipNBytes(LOGGED_BEFORE.get(service));
                logged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(logged.lines().filter(line -> line.contains("\"stack_trace\"")))
                    .as(service + ": log lines with a stack trace while the sweep ran (" + log + ")")
                    .isEmpty();
        }
    }

    /** A contact, its relationship, an interaction and a webhook endpoint of the sweeper's. */
    private static void own() {
        Response contact = SystemStack.api("contact-service", recruiter)
                .post("/api/contacts", "{\"name\":\"Swept\",\"cadenceDays\":30}");
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        String contactId = contact.json().path("id").asString();
        OWN.put("/api/contacts/", contactId);
        OWN.put("/api/relationships/", contactId);
        HttpApi interactions = SystemStack.api("interaction-service", recruiter);
        String touch = "{\"contactId\":\"" + contactId + "\",\"type\":\"CALL\",\"direction\":\"OUTBOUND\"}";
        Response interaction = await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions.post("/api/interactions", touch), answer -> answer.status() == 201);
        OWN.put("/api/interactions/", interaction.json().path("id").asString());
        HttpApi reminders = SystemStack.api("reminder-service", recruiter);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> reminders.get("/api/relationships/" + contactId).status() == 200);
        receiver = Receiver.start();
        Response endpoint = SystemStack.api("notifier-service", recruiter)
                .post("/api/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        SystemStack.SECRETS.add(endpoint.json().path("secret").asString());
        OWN.put("/api/webhooks/", endpoint.json().path("id").asString());
    }

    /** The operation's path naming one of the sweeper's own resources; never one to delete (later sweeps need it). */
    private static String own(Operation operation) {
        if (!operation.method().equals("DELETE")) {
            for (Map.Entry<String, String> own : OWN.entrySet()) {
                if (operation.path().startsWith(own.getKey() + "{")) {
                    return operation.at(own.getValue());
                }
            }
        }
        return operation.at("x1");
    }

    @AfterAll
    static void summary() {
        if (!LOGGED_BEFORE.isEmpty()) {
            assertNoStackTraceLogged();
        }
        SENDERS.shutdownNow();
        if (receiver != null) {
            receiver.close();
        }
        System.out.printf(
                "[error-sweep] %d operations of %d services (from their /v3/api-docs) plus the pages and actuator:"
                        + " %d requests to %d distinct method+path, %d ms%n",
                OPERATIONS.size(), LocalStack.SERVICES.size(), SENT.get(), SWEPT.size(), nanos / 1_000_000);
    }

    // ------------------------------------------------------------------ the sweeps

    @Test
    void callersWithoutAValidTokenOrScopeGetAProblem() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("not a JWT", "let-me-in");
        tokens.put("three dots", "a.b.c");
        tokens.put("a JWT of garbage", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOnsiJG5lIjpudWxsfX0.c2ln");
        tokens.put("a header that is not JSON", "bm90LWpzb24.bm90LWpzb24.c2ln");
        tokens.put("alg none", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5Iiwic2NvcGUiOiJhZG1pbiJ9.");
        tokens.put("a long one", LONG.substring(0, 4000));
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            if (!operation.path().startsWith("/api/")) {
                continue;
            }
            String path = operation.at("x1");
            byte[] body = operation.hasBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            Map<String, String> headers = operation.hasBody()
                    ? Map.of("Content-Type", operation.consumes().get(0))
                    : Map.of();
            tokens.forEach((what, token) -> attempts.add(new Attempt(
                    operation.service(), operation.method(), path, headers, body, token, token, true, true)));
            attempts.add(
                    new Attempt(operation.service(), operation.method(), path, headers, body, guest, null, true, true));
            if (operation.changes()) {
                attempts.add(new Attempt(
                        operation.service(), operation.method(), path, headers, body, ops, null, true, true));
            }
        }
        sweep(attempts);
    }

    @Test
    void bodiesThatAreMalformedOrOfTheWrongShapeGetAProblem() {
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            if (!operation.hasBody()) {
                continue;
            }
            String path = own(operation);
            String json = operation.jsonType();
            // the wrong content type, and none at all
            for (String type : List.of(
                    "text/plain",
                    "application/xml",
                    "application/json;charset=no-such-charset",
                    "not a media type",
                    "application/" + LONG.substring(0, 300))) {
                attempts.add(attempt(operation, path, Map.of("Content-Type", type), "{}", type, true));
            }
            attempts.add(attempt(operation, path, Map.of(), "{}", null, true));
            String type = json != null ? json : operation.consumes().get(0);
            Map<String, String> content = Map.of("Content-Type", type);
            // a form whose bytes are not UTF-8 or whose parameters have no name
            attempts.add(bytes(
                    operation,
                    path,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "a=%C3%28&&=&%=".getBytes(StandardCharsets.UTF_8)));
            // bytes that are not UTF-8, in any body
            attempts.add(bytes(operation, path, content, invalidUtf8("{\"name\":\"", "\"}")));
            attempts.add(bytes(operation, path, content, invalidUtf8("", "")));
            if (json == null) {
                continue; // a CSV or vCard import reports bad lines one by one: only the above is refused whole
            }
            for (String malformed : List.of(
                    "",
                    "{",
                    "{\"name\":",
                    "{\"name\" \"x\"}",
                    "{'name':'x'}",
                    "{\"name\":\"x\",}",
                    "{\"a\":1}}",
                    "nul",
                    "NaN",
                    "{\"name\":" + LONG + "}",
                    "{\"" + LONG + "\":1}",
                    "{\"name\":\"x\"} trailing",
                    "\u0000",
                    "[".repeat(3000) + "]".repeat(3000))) {
                attempts.add(attempt(operation, path, content, malformed, malformed, true));
            }
            for (String shape : List.of("[1,2,3]", "\"a string\"", "42", "null", "true", "[]", "[{}]")) {
                attempts.add(attempt(operation, path, content, shape, shape, true));
            }
            attempts.add(attempt(operation, path, content, "{\"" + LONG.substring(0, 500) + "\":1}", LONG, false));
            // field by field, what each must not be
            for (Map.Entry<String, JsonNode> field :
                    properties(operation.bodySchema()).entrySet()) {
                for (JsonNode value : wrongValues(field.getValue())) {
                    attempts.add(attempt(
                            operation,
                            path,
                            content,
                            object(field.getKey(), value).toString(),
                            value.toString(),
                            false));
                }
                JsonNode items = resolve(field.getValue().path("items"));
                for (Map.Entry<String, JsonNode> inner : properties(items).entrySet()) {
                    for (JsonNode value : wrongValues(inner.getValue())) {
                        ArrayNode array = NODES.arrayNode().add(object(inner.getKey(), value));
                        attempts.add(attempt(
                                operation,
                                path,
                                content,
                                object(field.getKey(), array).toString(),
                                value.toString(),
                                false));
                    }
                }
            }
        }
        sweep(attempts);
    }

    @Test
    void badPathVariablesGetAProblem() {
        List<String> segments = List.of(
                "not-an-id",
                "%2F",
                "a%2Fb",
                "%00",
                "a%00b",
                "..",
                "%2E%2E",
                "%252F",
                "%C3%28",
                "%FF%FE",
                "%7B%22%24ne%22%3Anull%7D",
                "-1",
                "99999999999999999999999999",
                LONG.substring(0, 1000),
                LONG.substring(0, 10_000));
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            if (!operation.path().contains("{")) {
                continue;
            }
            Map<String, String> headers = operation.hasBody()
                    ? Map.of("Content-Type", operation.consumes().get(0))
                    : Map.of();
            String body = operation.hasBody() ? "{}" : null;
            for (String segment : segments) {
                attempts.add(attempt(operation, operation.at(segment), headers, body, segment, true));
            }
        }
        sweep(attempts);
    }

    @Test
    void badQueryParametersGetAProblem() {
        Map<String, List<String>> hostile = new LinkedHashMap<>();
        hostile.put("limit", List.of("-1", "0", "abc", "1.5", "99999999999999999999", "501", "%00", ""));
        hostile.put("cursor", List.of("garbage", "%00", "%2F..%2F", "=====", "eyJ9", LONG.substring(0, 1000)));
        hostile.put("sort", List.of("unknown", "-name", LONG.substring(0, 1000)));
        List<String> anyValue = List.of(
                "%7B%22%24ne%22%3Anull%7D", "%2F", "..", "%00", "%C3%28", "not-a-value", LONG.substring(0, 1000));
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            Map<String, String> headers = operation.hasBody()
                    ? Map.of("Content-Type", operation.consumes().get(0))
                    : Map.of();
            String body = operation.hasBody() ? "{}" : null;
            String path = own(operation);
            // the paging parameters on every read, and every query parameter an operation documents
            Set<String> names = new LinkedHashSet<>(
                    operation.method().equals("GET") ? List.of("limit", "cursor", "sort") : List.of());
            operation.parameters().stream()
                    .filter(p -> p.path("in").asString().equals("query"))
                    .forEach(p -> names.add(p.path("name").asString()));
            for (String name : names) {
                for (String value : hostile.getOrDefault(name, anyValue)) {
                    attempts.add(attempt(operation, path + "?" + name + "=" + value, headers, body, value, false));
                }
                attempts.add(attempt(operation, path + "?" + name + "=1&" + name + "=2", headers, body, null, false));
            }
            attempts.add(attempt(operation, path + "?" + LONG.substring(0, 500) + "=1", headers, body, LONG, false));
            attempts.add(attempt(operation, path + "?&&=&a==b", headers, body, null, false));
        }
        sweep(attempts);
    }

    @Test
    void methodsNotAllowedAndUnknownPathsGetAProblem() {
        List<Attempt> attempts = new ArrayList<>();
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        for (Operation operation : OPERATIONS) {
            methodsByPath
                    .computeIfAbsent(operation.service() + " " + operation.path(), k -> new LinkedHashSet<>())
                    .add(operation.method());
        }
        methodsByPath.forEach((key, allowed) -> {
            String service = key.substring(0, key.indexOf(' '));
            String path = key.substring(key.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x1");
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                if (!allowed.contains(method)) {
                    attempts.add(emptyObject(service, method, path, recruiter, true));
                }
            }
            attempts.add(new Attempt(service, "TRACE", path, Map.of(), null, recruiter, null, true, true));
        });
        for (String service : LocalStack.SERVICES) {
            for (String path : List.of(
                    "/api/no-such-thing",
                    "/api/contacts/x1/no-such-thing/x2",
                    "/api",
                    "/api/",
                    "/no-such-thing",
                    "/no-such-thing.html",
                    "/ops/no-such-page.js",
                    "/actuator/no-such-endpoint",
                    "/actuator/env",
                    "/actuator/heapdump",
                    "/v3/api-docs/no-such-group",
                    "/static/..%2F..%2Fetc%2Fpasswd",
                    "/" + LONG.substring(0, 2000))) {
                for (String token : new String[] {recruiter, null}) {
                    attempts.add(new Attempt(service, "GET", path, Map.of(), null, token, path, true, false));
                }
            }
            // the endpoints that are not in the documents: their errors are problems too
            for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/info", "/v3/api-docs")) {
                for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                    attempts.add(emptyObject(service, method, path, null, false));
                }
            }
        }
        for (String page : List.of("/ops", "/ops/", "/ops/index.html", "/ops/ops.js", "/ops/ops.css")) {
            for (String method : List.of("POST", "PUT", "DELETE")) {
                attempts.add(emptyObject("notifier-service", method, page, null, false));
            }
        }
        sweep(attempts);
    }

    @Test
    void answersThatCannotBeNegotiatedAreStillProblems() {
        List<Attempt> attempts = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (operation.hasBody()) {
                headers.put("Content-Type", operation.consumes().get(0));
            }
            for (String accept : List.of("text/html", "application/xml", "image/png", "not/a;type=\"")) {
                Map<String, String> with = new LinkedHashMap<>(headers);
                with.put("Accept", accept);
                attempts.add(new Attempt(
                        operation.service(),
                        operation.method(),
                        own(operation),
                        with,
                        operation.hasBody() ? "{".getBytes(StandardCharsets.UTF_8) : null,
                        recruiter,
                        null,
                        false,
                        true));
            }
            for (String header : List.of("If-Match", "If-None-Match", "Idempotency-Key", "X-Request-Id")) {
                Map<String, String> with = new LinkedHashMap<>(headers);
                with.put(header, LONG.substring(0, 4000));
                attempts.add(new Attempt(
                        operation.service(),
                        operation.method(),
                        own(operation),
                        with,
                        operation.hasBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null,
                        recruiter,
                        LONG,
                        false,
                        true));
            }
        }
        sweep(attempts);
    }

    // ------------------------------------------------------------------ sending and judging

    private static void sweep(List<Attempt> attempts) {
        long start = System.nanoTime();
        List<Future<Response>> answers = attempts.stream()
                .map(attempt -> SENDERS.submit(() -> send(attempt)))
                .toList();
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < attempts.size(); i++) {
            judge(softly, attempts.get(i), answer(answers.get(i)));
        }
        nanos += System.nanoTime() - start;
        softly.assertAll();
    }

    private static Response answer(Future<Response> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError failed ? failed : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Response send(Attempt attempt) {
        SWEPT.add(attempt.service() + " " + attempt.method() + " "
                + attempt.path().replaceAll("\\?.*", ""));
        SENT.incrementAndGet();
        HttpApi api = attempt.token() == null
                ? SystemStack.api(attempt.service())
                : SystemStack.api(attempt.service(), attempt.token());
        try {
            return api.send(
                    attempt.method(),
                    attempt.path(),
                    attempt.headers(),
                    attempt.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(attempt.body()));
        } catch (UncheckedIOException e) {
            throw new AssertionError(attempt + " did not answer: " + e.getMessage(), e);
        }
    }

    private static void judge(SoftAssertions softly, Attempt attempt, Response response) {
        String what = attempt + " -> " + response.status() + " " + response.contentType() + " "
                + abbreviate(response.body(), 400);
        softly.assertThat(response.status()).as(what).isLessThan(500);
        if (attempt.mustFail()) {
            softly.assertThat(response.status()).as(what).isBetween(400, 499);
        }
        if (response.status() < 400) {
            return;
        }
        softly.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        Matcher internal = INTERNALS.matcher(response.body());
        softly.assertThat(internal.find() ? internal.group() : null)
                .as("internals in " + what)
                .isNull();
        if (attempt.hostile() != null
                && attempt.hostile().length() > MAX_ECHO
                && !attempt.hostile().contains(LONG.substring(0, 36))) {
            softly.assertThat(response.body().contains(attempt.hostile().substring(0, MAX_ECHO)))
                    .as("echo of more than " + MAX_ECHO + " characters in " + what)
                    .isFalse();
        }
        softly.assertThat(echoesLong(response.body()))
                .as("echo of more than " + MAX_ECHO + " characters in " + what)
                .isFalse();
    }

    /** Whether {@code body} holds more than {@link #MAX_ECHO} characters of {@link #LONG}, wherever they start. */
    private static boolean echoesLong(String body) {
        int period = 36;
        for (int offset = 0; offset < period; offset++) {
            if (body.contains(LONG.substring(offset, offset + MAX_ECHO - period))) {
                return true;
            }
        }
        return false;
    }

    private static Attempt attempt(
            Operation operation, String path, Map<String, String> headers, String body, String hostile, boolean fail) {
        return new Attempt(
                operation.service(),
                operation.method(),
                path,
                headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                recruiter,
                hostile,
                fail,
                true);
    }

    private static Attempt bytes(Operation operation, String path, Map<String, String> headers, byte[] body) {
        return new Attempt(operation.service(), operation.method(), path, headers, body, recruiter, null, true, true);
    }

    private static byte[] invalidUtf8(String before, String after) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    // ------------------------------------------------------------------ what a schema must not get

    private static JsonNode resolve(JsonNode schema) {
        if (schema == null) {
            return NODES.missingNode();
        }
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return COMPONENTS.getOrDefault(ref.substring("#/components/schemas/".length()), NODES.missingNode());
        }
        return schema;
    }

    private static Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        JsonNode resolved = resolve(schema);
        resolved.path("properties").properties().forEach(e -> properties.put(e.getKey(), resolve(e.getValue())));
        if (properties.isEmpty()) {
            // a body the document leaves open (a merge patch, a node): the fields every API has
            for (String name : List.of(
                    "name",
                    "emails",
                    "tier",
                    "status",
                    "cadenceDays",
                    "metAt",
                    "url",
                    "eventTypes",
                    "enabled",
                    "description")) {
                properties.put(name, NODES.objectNode());
            }
        }
        return properties;
    }

    /** Values of the wrong type, out of range, unknown, or hostile as text, for a field of {@code schema}. */
    private static List<JsonNode> wrongValues(JsonNode schema) {
        List<JsonNode> values = new ArrayList<>(List.of(
                NODES.objectNode().put("$ne", (String) null),
                NODES.arrayNode().add(1).add("x"),
                NODES.nullNode(),
                NODES.booleanNode(true),
                NODES.numberNode(new java.math.BigInteger("9".repeat(40))),
                NODES.numberNode(new java.math.BigDecimal("1e400")),
                NODES.numberNode(1.5),
                NODES.stringNode("UNKNOWN_VALUE"),
                NODES.stringNode("..%2F..%2Fetc%2Fpasswd"),
                NODES.stringNode(LONG.substring(0, 1000))));
        if (schema.path("type").asString("").equals("array")
                || schema.path("items").isObject()) {
            values.add(NODES.arrayNode().add(NODES.stringNode(LONG.substring(0, 1000))));
            values.add(NODES.arrayNode().add(NODES.nullNode()));
            values.add(NODES.arrayNode().add(NODES.objectNode()));
        }
        return values;
    }

    private static ObjectNode object(String field, JsonNode value) {
        ObjectNode object = NODES.objectNode();
        object.set(field, value);
        return object;
    }

    private static String abbreviate(String text, int length) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= length ? flat : flat.substring(0, length) + "…(" + flat.length() + ")";
    }
}
