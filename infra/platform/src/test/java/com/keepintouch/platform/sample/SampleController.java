package com.keepintouch.platform.sample;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One endpoint per kind of answer the platform must give. */
@RestController
class SampleController {

    record Widget(
            @NotBlank @Size(max = 20) String name,
            @Min(1) @Max(730) int cadenceDays,
            List<String> tags) {}

    @PostMapping(path = "/api/widgets", consumes = MediaType.APPLICATION_JSON_VALUE)
    Widget create(@Valid @RequestBody Widget widget) {
        return widget;
    }

    enum Scale {
        SMALL,
        LARGE
    }

    record Gadget(Scale size, int count, boolean active, List<String> tags, Instant at) {}

    @PostMapping(path = "/api/gadgets", consumes = MediaType.APPLICATION_JSON_VALUE)
    Gadget createGadget(@RequestBody Gadget gadget) {
        return gadget;
    }

    @GetMapping("/api/gadgets")
    Map<String, Object> gadgets(@RequestParam Scale size, @RequestParam(defaultValue = "10") int limit) {
        return Map.of("size", size, "limit", limit);
    }

    @PostMapping(path = "/api/uploads", consumes = MediaType.TEXT_PLAIN_VALUE)
    Map<String, Integer> upload(@RequestBody String body) {
        return Map.of("bytes", body.length());
    }

    /** Reads the body itself, as the imports do; the platform's limit fails the read. */
    @PostMapping(path = "/api/uploads/raw", consumes = MediaType.TEXT_PLAIN_VALUE)
    Map<String, Integer> uploadRaw(HttpServletRequest request) throws IOException {
        return Map.of("bytes", request.getInputStream().readAllBytes().length);
    }

    /** The same, with the read's failure wrapped, as a parser over the stream does. */
    @PostMapping(path = "/api/uploads/wrapped", consumes = MediaType.TEXT_PLAIN_VALUE)
    Map<String, Integer> uploadWrapped(HttpServletRequest request) {
        try {
            return Map.of("bytes", request.getInputStream().readAllBytes().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/api/widgets/{id}")
    Widget find(@PathVariable String id, @RequestParam(defaultValue = "10") int limit) {
        switch (id) {
            case "conflict" ->
                throw RequestRefused.conflict("A widget with this name exists", Map.of("existingId", "w-1"));
            case "stale" -> throw ApiException.preconditionFailed("If-Match does not match the current version");
            case "replayed" -> throw RequestRefused.unprocessable("Idempotency-Key reused with another body");
            case "dependency-down" ->
                throw ApiException.unavailable("contact-service is unavailable", Duration.ofSeconds(7));
            case "bug" -> throw new IllegalStateException("secret internal detail");
            default -> throw RequestRefused.notFound("Widget", id);
        }
    }

    @GetMapping("/api/me")
    Caller me(Caller caller) {
        return caller;
    }

    @GetMapping("/api/admin-only")
    Map<String, String> adminOnly(Caller caller) {
        if (!caller.isAdmin()) {
            throw RequestRefused.forbidden("Only admin may do this");
        }
        return Map.of("ok", "yes");
    }
}
