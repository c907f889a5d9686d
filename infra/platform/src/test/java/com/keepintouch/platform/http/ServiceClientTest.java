package com.keepintouch.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepintouch.platform.http.ServiceClient.CallFailed;
import com.keepintouch.platform.http.ServiceClient.Refused;
import com.keepintouch.platform.tracing.TraceContexts;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls to a real HTTP server on a free port: what is retried, what opens the circuit, what is said. */
class ServiceClientTest {

    record Settings(
            Duration timeout,
            int retries,
            Duration retryBackoff,
            double retryBackoffMultiplier,
            int circuitWindow,
            int circuitMinimumCalls,
            float circuitFailureRate,
            Duration openFor)
            implements ServiceClient.Settings {}

    static final Settings SETTINGS =
            new Settings(Duration.ofSeconds(2), 2, Duration.ofMillis(10), 2.0, 4, 4, 50, Duration.ofSeconds(30));

    /** 200 a success, 5xx may pass, any other status will not. */
    static final Function<HttpResponse<String>, String> ANSWER = response -> {
        if (response.statusCode() == 200) {
            return response.body();
        }
        if (response.statusCode() >= 500) {
            throw new CallFailed("answered " + response.statusCode());
        }
        throw new Refused("answered " + response.statusCode());
    };

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> authorization = new AtomicReference<>();
    final AtomicReference<String> traceparent = new AtomicReference<>();
    HttpServer server;
    ServiceClient client;
    URI uri;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/thing", exchange -> {
            calls.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            traceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/thing");
        client = new ServiceClient(SETTINGS, List.of("other-service"), new SimpleMeterRegistry(), TraceContexts.NONE);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theCallersOwnTokenIsSentAndTheAnswerRead() {
        assertThat(client.get("other-service", uri, "Bearer t0k3n", ANSWER)).isEqualTo("{\"ok\":true}");
        assertThat(authorization.get()).isEqualTo("Bearer t0k3n");
        assertThat(calls).hasValue(1);
    }

    @Test
    void theCallGoesInTheTraceOfTheRequestThatMakesIt() {
        String current = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TraceContexts inATrace =
                new TraceContexts(
                        io.micrometer.tracing.Tracer.NOOP, io.micrometer.tracing.propagation.Propagator.NOOP) {
                    @Override
                    public String current() {
                        return current;
                    }
                };
        ServiceClient traced =
                new ServiceClient(SETTINGS, List.of("other-service"), new SimpleMeterRegistry(), inATrace);

        traced.get("other-service", uri, "Bearer t", ANSWER);
        assertThat(traceparent.get()).isEqualTo(current);

        client.get("other-service", uri, "Bearer t", ANSWER);
        assertThat(traceparent.get())
                .as("outside of any trace, none is made up")
                .isNull();
    }

    @Test
    void aFailureIsRetriedAndThenOpensTheCircuitWhichIsSaidInWords() {
        status.set(500);

        assertThatThrownBy(() -> client.get("other-service", uri, "Bearer t", ANSWER))
                .isInstanceOf(CallFailed.class)
                .hasMessage("answered 500");
        assertThat(calls).as("the call and its two retries").hasValue(3);
        assertThatThrownBy(() -> client.get("other-service", uri, "Bearer t", ANSWER))
                .isInstanceOf(CallFailed.class)
                .hasMessage("has failed repeatedly and is not asked for a while");
        assertThat(calls).as("the open circuit asks no one").hasValueLessThanOrEqualTo(4);
    }

    @Test
    void aRefusalIsNeitherRetriedNorCountedAgainstTheService() {
        status.set(403);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.get("other-service", uri, "Bearer t", ANSWER))
                    .isInstanceOf(Refused.class)
                    .hasMessage("answered 403");
        }
        assertThat(calls).hasValue(6);

        status.set(200);
        assertThat(client.get("other-service", uri, "Bearer t", ANSWER)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void aServiceNobodyListensForIsSaidInWords() {
        server.stop(0);

        assertThatThrownBy(() -> client.get("other-service", uri, "Bearer t", ANSWER))
                .isInstanceOf(CallFailed.class)
                .hasMessage("could not be reached: nothing accepts connections at its address");
    }

    @Test
    void theCallerIsToldToComeBackAfterHalfTheOpenTime() {
        assertThat(client.retryAfter()).isEqualTo(Duration.ofSeconds(15));
    }
}
