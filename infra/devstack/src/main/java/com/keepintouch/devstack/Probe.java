package com.keepintouch.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How to tell that a process of the stack is ready, as an address: {@code tcp://host:port} (the port
 * accepts connections) or an {@code http://} URL that answers 200 (and, for a health endpoint, says
 * {@code UP}). The launcher waits with it; {@code ./devstack.sh status} reads it from the launcher's
 * state and asks again, so that its answer is live.
 */
record Probe(URI target) implements BooleanSupplier {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Probe portOpen(String host, int port) {
        return new Probe(URI.create("tcp://" + host + ":" + port));
    }

    static Probe http(String url) {
        return new Probe(URI.create(url));
    }

    static Probe of(String target) {
        return new Probe(URI.create(target));
    }

    @Override
    public boolean getAsBoolean() {
        return "tcp".equals(target.getScheme()) ? accepts() : answersUp();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** 200, and no health status other than UP (Spring Boot answers 200 for UNKNOWN too). */
    private boolean answersUp() {
        try {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(3))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return response.statusCode() == 200
                    && (!body.contains("\"status\":") || body.contains("\"status\":\"UP\""));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
