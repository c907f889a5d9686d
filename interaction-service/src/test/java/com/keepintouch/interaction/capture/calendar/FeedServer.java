package com.keepintouch.interaction.capture.calendar;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server that serves calendar feeds, as a calendar provider's private links do. */
final class FeedServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();

    FeedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            String feed = feeds.get(exchange.getRequestURI().getPath());
            byte[] body = (feed == null ? "not found" : feed).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", feed == null ? "text/plain" : "text/calendar");
            exchange.sendResponseHeaders(feed == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code ics} at {@code path} from now on; returns the feed's address. */
    String serve(String path, String ics) {
        feeds.put(path, ics);
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
