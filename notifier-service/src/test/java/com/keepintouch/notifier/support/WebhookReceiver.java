package com.keepintouch.notifier.support;

import com.keepintouch.notifier.domain.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real webhook receiver on loopback, as our users write one: it checks the Standard Webhooks
 * signature of every request against the secrets it was given, and answers as a test tells it to
 * (2xx, an error, a redirect, {@code Retry-After}, or never).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // The JDK's HTTP server leaves Nagle's algorithm on by default: every small answer then
        // waits for the client's delayed ACK (40 ms). Receivers people write turn it off.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as received. */
    public record Received(
            String webhookId,
            String timestamp,
            String signature,
            String body,
            boolean signatureValid,
            Instant receivedAt,
            String userAgent) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String type() {
            return json().path("type").asString();
        }

        public int signatureCount() {
            return signature == null ? 0 : signature.split(" ").length;
        }
    }

    /** What to answer: a status and headers; {@link #HANG} never answers. */
    public record Answer(int status, String header, String value) {
        public static Answer status(int status) {
            return new Answer(status, null, null);
        }
    }

    public static final Answer HANG = new Answer(-1, null, null);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile List<String> secrets = List.of();
    private volatile Function<Received, Answer> answer = r -> Answer.status(204);

    private WebhookReceiver(String host) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        return start("127.0.0.1");
    }

    public static WebhookReceiver start(String host) {
        try {
            return new WebhookReceiver(host);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/hooks";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The secrets a signature may be made with (any one of them must verify). */
    public WebhookReceiver verifyWith(String... secrets) {
        this.secrets = List.of(secrets);
        return this;
    }

    public List<String> secrets() {
        return secrets;
    }

    public WebhookReceiver answer(Function<Received, Answer> answer) {
        this.answer = answer;
        return this;
    }

    public WebhookReceiver answer(Answer fixed) {
        return answer(r -> fixed);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int hanging() {
        return hanging.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = id != null
                    && timestamp != null
                    && signature != null
                    && secrets.stream()
                            .anyMatch(secret -> WebhookSignature.verify(
                                    secret,
                                    id,
                                    timestamp,
                                    body,
                                    signature,
                                    Instant.ofEpochSecond(Long.parseLong(timestamp)),
                                    Duration.ofMinutes(5)));
            Received request = new Received(
                    id,
                    timestamp,
                    signature,
                    body,
                    valid,
                    Instant.now(),
                    exchange.getRequestHeaders().getFirst("user-agent"));
            received.add(request);
            Answer reply = answer.apply(request);
            if (reply.status() < 0) {
                hanging.incrementAndGet();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (reply.header() != null) {
                exchange.getResponseHeaders().add(reply.header(), reply.value());
            }
            exchange.sendResponseHeaders(reply.status(), -1);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
