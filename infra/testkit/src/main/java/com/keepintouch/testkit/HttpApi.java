package com.keepintouch.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for a service under test, optionally carrying a bearer token. */
public final class HttpApi {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;

    private HttpApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public static HttpApi at(int port) {
        return new HttpApi("http://127.0.0.1:" + port, null);
    }

    public static HttpApi at(String baseUrl) {
        return new HttpApi(baseUrl, null);
    }

    /** The same API, calling with {@code token} as bearer. */
    public HttpApi as(String token) {
        return new HttpApi(baseUrl, token);
    }

    public Response get(String path) {
        return send("GET", path, Map.of(), BodyPublishers.noBody());
    }

    public Response delete(String path) {
        return send("DELETE", path, Map.of(), BodyPublishers.noBody());
    }

    public Response post(String path, String json) {
        return send("POST", path, Map.of("Content-Type", "application/json"), BodyPublishers.ofString(json));
    }

    public Response post(String path, String json, Map<String, String> headers) {
        return send("POST", path, with(headers, "Content-Type", "application/json"), BodyPublishers.ofString(json));
    }

    public Response patch(String path, String json, Map<String, String> headers) {
        return send(
                "PATCH",
                path,
                with(headers, "Content-Type", "application/merge-patch+json"),
                BodyPublishers.ofString(json));
    }

    public Response send(String method, String path, Map<String, String> headers, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            var response = CLIENT.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.putIfAbsent(name, value);
        return all;
    }

    /** What came back. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
