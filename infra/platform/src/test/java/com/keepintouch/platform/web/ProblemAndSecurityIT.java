package com.keepintouch.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.platform.sample.SampleApplication;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every error a client can meet, over real HTTP, as problem+json that says what is wrong. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ProblemAndSecurityIT {

    @LocalServerPort
    int port;

    HttpApi anonymous() {
        return HttpApi.at(port);
    }

    HttpApi alice() {
        return HttpApi.at(port).as(TestTokens.token("alice", "recruiter"));
    }

    @Test
    void healthIsOpenAndCoversKafkaAndMongo() {
        Response health = anonymous().get("/actuator/health");

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.json().path("components").path("mongo").path("status").asString())
                .isEqualTo("UP");
        assertThat(anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void prometheusAndOpenApiAreOpen() {
        Response metrics = anonymous().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("kit_outbox_published_total");

        Response openApi = anonymous().get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().path("paths").has("/api/widgets")).isTrue();
    }

    @Test
    void everyResponseHasTheTraceparentOfItsRequestsTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Response continued = alice().send(
                        "GET",
                        "/api/me",
                        Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"),
                        BodyPublishers.noBody());
        assertThat(continued.status()).isEqualTo(200);
        assertThat(continued.header("traceparent"))
                .hasValueSatisfying(value -> assertThat(value)
                        .as("the caller's trace, a span of this service")
                        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .doesNotContain("00f067aa0ba902b7"));

        for (Response response : java.util.List.of(
                anonymous().get("/api/me"),
                alice().get("/api/nothing-here"),
                anonymous().get("/actuator/health"))) {
            assertThat(response.header("traceparent"))
                    .as("a new trace for %s", response)
                    .hasValueSatisfying(value -> assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"))
                    .hasValueSatisfying(value -> assertThat(value).doesNotContain(traceId));
        }
    }

    @Test
    void missingTokenIs401Problem() {
        Response response = anonymous().get("/api/me");

        assertProblem(response, 401, "Unauthorized");
        assertThat(response.header("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void expiredTokenIs401Problem() {
        Response response =
                HttpApi.at(port).as(TestTokens.expired("alice", "recruiter")).get("/api/me");

        assertProblem(response, 401, "Unauthorized");
        assertThat(response.json().path("detail").asString()).contains("expired");
        assertThat(response.header("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
    }

    @Test
    void wronglySignedTokenIs401Problem() {
        Response response =
                HttpApi.at(port).as(TestTokens.wrongSignature("alice", "admin")).get("/api/me");

        assertProblem(response, 401, "Unauthorized");
    }

    /**
     * Each way a token is refused is said in words of ours, never in the security library's (its
     * class names, "Jwt", "Signed JWT rejected", "decode").
     */
    @Test
    void aRefusedTokenSaysWhyInWordsOfOurs() throws Exception {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString("{\"alg\":\"none\"}".getBytes())
                + "."
                + base64.encodeToString("{\"sub\":\"alice\",\"scope\":\"admin\"}".getBytes())
                + ".";
        com.nimbusds.jwt.SignedJWT hs512 = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS512),
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .subject("alice")
                        .claim("scope", "admin")
                        .expirationTime(
                                java.util.Date.from(java.time.Instant.now().plusSeconds(3600)))
                        .build());
        hs512.sign(new com.nimbusds.jose.crypto.MACSigner(TestTokens.SECRET.repeat(2)));
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(TestTokens.expired("alice", "recruiter"), "it has expired; ask for a new one.");
        refusals.put(TestTokens.wrongSignature("alice", "admin"), "it is not signed by the key this service trusts.");
        refusals.put(hs512.serialize(), "it is not signed by the key this service trusts.");
        refusals.put(unsigned, "it is not signed by the key this service trusts.");
        refusals.put("not.a.jwt", "it is not a well-formed JWT (three base64url parts separated by dots).");
        refusals.put("garbage", "it is not a well-formed JWT (three base64url parts separated by dots).");

        org.assertj.core.api.SoftAssertions.assertSoftly(softly -> refusals.forEach((token, why) -> {
            Response response = HttpApi.at(port).as(token).get("/api/me");

            assertProblem(response, 401, "Unauthorized");
            softly.assertThat(response.json().path("detail").asString())
                    .as(token)
                    .isEqualTo("The bearer token was refused: " + why);
        }));
    }

    @Test
    void garbageTokenIs401Problem() {
        Response response = HttpApi.at(port).as("not.a.jwt").get("/api/me");

        assertProblem(response, 401, "Unauthorized");
    }

    @Test
    void tokenWithoutAKnownScopeIs403Problem() {
        Response response = HttpApi.at(port)
                .as(TestTokens.token("mallory", "profile email"))
                .get("/api/me");

        assertProblem(response, 403, "Forbidden");
    }

    @Test
    void callerComesFromTheToken() {
        Response response =
                HttpApi.at(port).as(TestTokens.token("alice", "recruiter ops")).get("/api/me");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("userId").asString()).isEqualTo("alice");
        assertThat(response.json().path("scopes").toString()).contains("RECRUITER", "OPS");
    }

    @Test
    void scopeCheckedInsideAnEndpointIs403Problem() {
        assertProblem(alice().get("/api/admin-only"), 403, "Forbidden");
        assertThat(HttpApi.at(port)
                        .as(TestTokens.token("root", "admin"))
                        .get("/api/admin-only")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void invalidFieldsAre400NamingEachField() {
        Response response = alice().post("/api/widgets", "{\"name\":\"\",\"cadenceDays\":999}");

        assertProblem(response, 400, "Invalid request");
        assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly("cadenceDays", "name");
    }

    @Test
    void unknownFieldIs400NamingIt() {
        Response response = alice().post("/api/widgets", "{\"name\":\"a\",\"cadenceDays\":3,\"ownerId\":\"bob\"}");

        assertProblem(response, 400, "Invalid request");
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("ownerId");
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatItMustBeWithoutJavaTypeNames() {
        Map<String, String> expected = Map.of(
                "{\"size\":\"NOPE\"}", "size: must be one of [SMALL, LARGE], not \"NOPE\"",
                "{\"count\":\"many\"}", "count: must be a whole number, not \"many\"",
                "{\"active\":\"maybe\"}", "active: must be true or false, not \"maybe\"",
                "{\"tags\":{\"a\":1}}", "tags: must be an array",
                "{\"at\":\"yesterday\"}", "at: must be an instant such as 2026-03-02T09:30:00Z, not \"yesterday\"");
        expected.forEach((body, detail) -> {
            Response response = alice().post("/api/gadgets", body);

            assertProblem(response, 400, "Invalid request");
            assertThat(response.json().path("detail").asString()).as(body).isEqualTo(detail);
            assertThat(response.body()).doesNotContain("com.keepintouch", "java.", "Cannot deserialize");
        });
    }

    @Test
    void aQueryParameterOfTheWrongTypeSaysWhatItMustBe() {
        Response badEnum = alice().get("/api/gadgets?size=HUGE");
        Response badNumber = alice().get("/api/gadgets?size=SMALL&limit=ten");

        assertProblem(badEnum, 400, "Invalid request");
        assertThat(badEnum.json().path("detail").asString()).isEqualTo("size: must be one of [SMALL, LARGE]");
        assertThat(badNumber.json().path("detail").asString()).isEqualTo("limit: must be a whole number");
    }

    @Test
    void aChangeWithAnOpsTokenIs403WhatEverItNames() {
        HttpApi ops = HttpApi.at(port).as(TestTokens.token("olga", "ops"));

        assertThat(ops.get("/api/me").status()).isEqualTo(200);
        Response change = ops.post("/api/widgets", "{\"name\":\"a\",\"cadenceDays\":3}");
        assertProblem(change, 403, "Forbidden");
        assertThat(change.json().path("detail").asString()).contains("a change needs recruiter or admin");
    }

    @Test
    void anEncodedSlashInThePathIsA400ProblemNotTomcatsPage() {
        Response response = alice().get("/api/widgets/a%2Fb");

        assertProblem(response, 400, "Bad Request");
        assertThat(response.body()).doesNotContain("<html", "Tomcat");
    }

    @Test
    void malformedJsonIs400() {
        Response response = alice().post("/api/widgets", "{\"name\": \"a\",");

        assertProblem(response, 400, "Invalid request");
        assertThat(response.json().path("detail").asString()).contains("malformed JSON");
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        Response response = alice().post("/api/widgets", "{\"name\":\"a\",\"cadenceDays\":\"often\"}");

        assertProblem(response, 400, "Invalid request");
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("cadenceDays");
    }

    @Test
    void wrongQueryParameterTypeIs400() {
        assertProblem(alice().get("/api/widgets/w-1?limit=lots"), 400, "Invalid request");
    }

    @Test
    void wrongContentTypeIs415() {
        Response response = alice().send(
                        "POST", "/api/widgets", Map.of("Content-Type", "text/csv"), BodyPublishers.ofString("a,b"));

        assertProblem(response, 415, "Unsupported Media Type");
    }

    @Test
    void bodyOverTheLimitIs413EvenWithoutContentLength() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\",\"cadenceDays\":3}";
        assertProblem(alice().post("/api/widgets", big), 413, "Content too large");

        Response chunked =
                alice().send("POST", "/api/widgets", Map.of("Content-Type", "application/json"), chunked(big));
        assertProblem(chunked, 413, "Content too large");
    }

    @Test
    void anUploadThatReadsItsBodyItselfIs413WhenAStreamedBodyPassesTheLimit() {
        String big = "z".repeat(17 * 1024 * 1024); // the upload limit is 16 MB
        for (String path : List.of("/api/uploads/raw", "/api/uploads/wrapped")) {
            Response response = alice().send("POST", path, Map.of("Content-Type", "text/plain"), chunked(big));

            assertProblem(response, 413, "Content too large");
            assertThat(response.json().path("detail").asString())
                    .as(path)
                    .isEqualTo("The request body is larger than 16777216 bytes, the limit of this endpoint.");
        }
        Response small =
                alice().send("POST", "/api/uploads/wrapped", Map.of("Content-Type", "text/plain"), chunked("hello"));
        assertThat(small.status()).isEqualTo(200);
    }

    @Test
    void uploadPathsTakeLargerBodies() {
        Response response = alice().send(
                        "POST",
                        "/api/uploads",
                        Map.of("Content-Type", "text/plain"),
                        BodyPublishers.ofString("y".repeat(200_000)));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void domainErrorsKeepTheirStatusAndDetail() {
        assertProblem(alice().get("/api/widgets/w-404"), 404, "Not found");
        Response conflict = alice().get("/api/widgets/conflict");
        assertProblem(conflict, 409, "Conflict");
        assertThat(conflict.json().path("existingId").asString()).isEqualTo("w-1");
        assertProblem(alice().get("/api/widgets/stale"), 412, "Precondition failed");
        assertProblem(alice().get("/api/widgets/replayed"), 422, "Unprocessable content");
    }

    @Test
    void unavailableDependencyIs503WithRetryAfter() {
        Response response = alice().get("/api/widgets/dependency-down");

        assertProblem(response, 503, "Service unavailable");
        assertThat(response.header("Retry-After")).hasValue("7");
    }

    @Test
    void unexpectedFaultIs500WithoutInternals() {
        Response response = alice().get("/api/widgets/bug");

        assertProblem(response, 500, "Internal error");
        assertThat(response.body()).doesNotContain("secret internal detail", "IllegalStateException", "at com.");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void unknownPathIs404Problem(CapturedOutput output) {
        Response response = alice().get("/api/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).startsWith("Nothing answers GET /api/nothing-here");
        // answered by the handler itself: no failing handler, no stack trace, no second dispatch
        assertThat(output.getAll()).doesNotContain("Failure in @ExceptionHandler", "UnsupportedOperationException");
    }

    static void assertProblem(Response response, int status, String title) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("title").asString()).isEqualTo(title);
        assertThat(response.json().path("type").asString())
                .as(response.toString())
                .startsWith("https://keepintouch.dev/problems/");
    }

    /** A body of unknown length, sent with chunked transfer encoding. */
    static java.net.http.HttpRequest.BodyPublisher chunked(String body) {
        java.net.http.HttpRequest.BodyPublisher fixed = BodyPublishers.ofString(body);
        return new java.net.http.HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                fixed.subscribe(subscriber);
            }
        };
    }
}
