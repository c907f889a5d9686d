package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.web.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of contact-service's {@code GET /api/contacts/{id}}, with the caller's own token
 * (so contact-service applies its ownership rules), guarded by a time limit, retries with back-off
 * and a circuit breaker.
 *
 * <p>When contact-service cannot answer it throws {@link ApiException#unavailable}, a 503 with
 * {@code Retry-After}: this adapter is the one place that knows the circuit, so the one place that
 * knows when the caller should come back. It is an HTTP-edge answer by nature (the HTTP dependency
 * is down); the application services let it pass unchanged.
 */
@Component
class ContactServiceClient {

    private static final Logger log = LoggerFactory.getLogger(ContactServiceClient.class);

    private final ContactsProperties properties;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final JsonMapper json = JsonMapper.builder().build();

    ContactServiceClient(ContactsProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(properties.circuitWindow())
                .minimumNumberOfCalls(properties.circuitMinimumCalls())
                .failureRateThreshold(properties.circuitFailureRate())
                .waitDurationInOpenState(properties.openFor())
                .build());
        this.breaker = breakers.circuitBreaker("contact-service");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.retry = Retry.of(
                "contact-service",
                RetryConfig.custom()
                        .maxAttempts(properties.retries() + 1)
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                properties.retryBackoff(), properties.retryBackoffMultiplier()))
                        .retryExceptions(IOException.class, LookupFailed.class)
                        .build());
        breaker.getEventPublisher()
                .onStateTransition(e -> log.warn("Circuit to contact-service {}", e.getStateTransition()));
    }

    /** The contact as contact-service shows it to the caller; empty when it is unknown or not theirs. */
    Optional<KnownContact> find(String contactId, String bearerToken) {
        Supplier<Optional<KnownContact>> lookup = Retry.decorateSupplier(
                retry, CircuitBreaker.decorateSupplier(breaker, () -> ask(contactId, bearerToken)));
        try {
            return lookup.get();
        } catch (CallNotPermittedException | LookupFailed e) {
            throw unavailable();
        }
    }

    private Optional<KnownContact> ask(String contactId, String bearerToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        properties.baseUrl() + "/api/contacts/" + URLEncoder.encode(contactId, StandardCharsets.UTF_8)))
                .timeout(properties.timeout())
                .header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LookupFailed("contact-service did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupFailed("interrupted");
        }
        return switch (response.statusCode()) {
            case 200 -> {
                JsonNode body = json.readTree(response.body());
                List<String> emails = new ArrayList<>();
                body.path("emails").forEach(email -> emails.add(email.asString()));
                yield Optional.of(new KnownContact(
                        contactId,
                        body.path("ownerId").asString(),
                        false,
                        body.path("version").asLong(1),
                        emails));
            }
            case 404, 401, 403 -> Optional.empty();
            default -> throw new LookupFailed("contact-service answered " + response.statusCode());
        };
    }

    private ApiException unavailable() {
        long seconds = Math.max(1, properties.openFor().toSeconds() / 2);
        return ApiException.unavailable(
                "contact-service is unavailable and this contact is not known here yet; try again shortly",
                Duration.ofSeconds(seconds));
    }

    /** A lookup that may succeed if tried again. */
    static final class LookupFailed extends RuntimeException {
        LookupFailed(String message) {
            super(message);
        }
    }
}
