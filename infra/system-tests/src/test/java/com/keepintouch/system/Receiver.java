package com.keepintouch.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver as a customer writes one, from the Standard Webhooks specification alone (no
 * code of ours): it verifies every signature, answers 204, and can go down and come back on the
 * same port.
 */
final class Receiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as it arrived; {@code traceparent} is its W3C trace context header, null without one. */
    record Received(String webhookId, String body, boolean signatureValid, Instant at, String traceparent) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private HttpServer server;
    private ExecutorService executor;

    private Receiver(int port) {
        this.port = port;
    }

    static Receiver start() {
        Receiver receiver = new Receiver(0);
        receiver.up();
        return receiver;
    }

    /** Listens (again) on its port. */
    synchronized Receiver up() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(port)), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    synchronized void down() {
        server.stop(0);
        executor.shutdownNow();
    }

    private int port(int wanted) {
        return server == null ? wanted : server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    Receiver verifyWith(String whsecSecret) {
        this.secret = whsecSecret;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Set<String> webhookIds() {
        return received.stream().map(Received::webhookId).collect(Collectors.toSet());
    }

    long invalid() {
        return received.stream().filter(r -> !r.signatureValid()).count();
    }

    /** For each webhook id, the bodies received under it. */
    Map<String, Set<String>> bodiesById() {
        Map<String, Set<String>> bodies = new ConcurrentHashMap<>();
        received.forEach(r -> bodies.computeIfAbsent(r.webhookId(), id -> ConcurrentHashMap.newKeySet())
                .add(r.body()));
        return bodies;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            received.add(new Received(
                    id,
                    body,
                    valid(id, timestamp, signatures, body),
                    Instant.now(),
                    exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private boolean valid(String id, String timestamp, String signatures, String body) {
        String key = secret;
        if (key == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        down();
    }
}
