package com.keepintouch.interaction.contacts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP server that answers {@code GET /api/contacts/{id}} as contact-service does: 200 with
 * the contact for its owner, 404 for anyone else or an unknown id.
 */
public final class ContactServiceStandIn implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> ownerById = new ConcurrentHashMap<>();
    private final Map<String, List<String>> emailsById = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    public ContactServiceStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/contacts/", exchange -> {
            lookups.incrementAndGet();
            String id = exchange.getRequestURI().getPath().substring("/api/contacts/".length());
            String owner = ownerById.get(id);
            String caller = subject(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body;
            int status;
            if (owner != null && owner.equals(caller)) {
                status = 200;
                String emails = emailsById.getOrDefault(id, List.of()).stream()
                        .map(e -> "\"" + e + "\"")
                        .collect(Collectors.joining(",", "[", "]"));
                body = ("{\"id\":\"" + id + "\",\"ownerId\":\"" + owner + "\",\"name\":\"Someone\",\"emails\":" + emails
                                + ",\"version\":1}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{\"status\":404,\"title\":\"Not found\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void knows(String contactId, String ownerId) {
        ownerById.put(contactId, ownerId);
    }

    /** A contact of {@code ownerId} with these addresses, as contact-service answers them (any case). */
    public void knows(String contactId, String ownerId, List<String> emails) {
        emailsById.put(contactId, List.copyOf(emails));
        ownerById.put(contactId, ownerId);
    }

    public int lookups() {
        return lookups.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String payload = new String(
                Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]), StandardCharsets.UTF_8);
        int at = payload.indexOf("\"sub\":\"") + 7;
        return payload.substring(at, payload.indexOf('"', at));
    }
}
