package com.keepintouch.contact.export;

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
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of the other services' {@code GET /api/personal-data/{contactId}}, with the
 * caller's own token (so each service applies its ownership rules), guarded per service by a time
 * limit, retries with back-off and a circuit breaker, as interaction-service asks contact-service.
 *
 * <p>A service that cannot give its section is a {@link ApiException#unavailable} naming it: an
 * export is whole or not at all.
 */
@Component
class PersonalDataClient {

    static final String INTERACTION_SERVICE = "interaction-service";
    static final String REMINDER_SERVICE = "reminder-service";
    static final String NOTIFIER_SERVICE = "notifier-service";

    private static final Logger log = LoggerFactory.getLogger(PersonalDataClient.class);

    private final ExportProperties properties;
    private final Map<String, String> baseUrls;
    private final HttpClient http;
    private final CircuitBreakerRegistry breakers;
    private final Retry retry;
    private final JsonMapper json = JsonMapper.builder().build();

    PersonalDataClient(ExportProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.baseUrls = Map.of(
                INTERACTION_SERVICE, properties.interactionServiceUrl(),
                REMINDER_SERVICE, properties.reminderServiceUrl(),
                NOTIFIER_SERVICE, properties.notifierServiceUrl());
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(properties.circuitWindow())
                .minimumNumberOfCalls(properties.circuitMinimumCalls())
                .failureRateThreshold(properties.circuitFailureRate())
                .waitDurationInOpenState(properties.openFor())
                .ignoreExceptions(Refused.class)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        baseUrls.keySet()
                .forEach(service -> breakers.circuitBreaker(service)
                        .getEventPublisher()
                        .onStateTransition(e -> log.warn("Circuit to {} {}", service, e.getStateTransition())));
        this.retry = Retry.of(
                "personal-data",
                RetryConfig.custom()
                        .maxAttempts(properties.retries() + 1)
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                properties.retryBackoff(), properties.retryBackoffMultiplier()))
                        .retryExceptions(IOException.class, CallFailed.class)
                        .build());
    }

    /**
     * {@code service}'s section about the contact, as it answered it.
     *
     * @throws ApiException 503 naming the service when it did not answer, or not with its section
     */
    JsonNode section(String service, String contactId, String authorization) {
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        Supplier<JsonNode> call = Retry.decorateSupplier(
                retry, CircuitBreaker.decorateSupplier(breaker, () -> ask(service, contactId, authorization)));
        try {
            return call.get();
        } catch (CallNotPermittedException e) {
            throw unavailable(service, "has failed repeatedly and is not asked for a while");
        } catch (CallFailed | Refused e) {
            throw unavailable(service, e.getMessage());
        }
    }

    private JsonNode ask(String service, String contactId, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrls.get(service) + "/api/personal-data/"
                        + URLEncoder.encode(contactId, StandardCharsets.UTF_8)))
                .timeout(properties.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new CallFailed("did not answer within " + properties.timeout().toMillis() + " ms");
        } catch (java.net.ConnectException e) {
            throw new CallFailed("could not be reached: nothing accepts connections at its address");
        } catch (IOException e) {
            throw new CallFailed("did not answer: the connection failed before an answer came");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed("was not waited for (interrupted)");
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                JsonNode section = json.readTree(response.body());
                if (section.isObject()) {
                    return section;
                }
            } catch (JacksonException e) {
                // answered below, as any answer that is not a section
            }
            throw new Refused("answered something that is not a JSON object");
        }
        if (status >= 500 || status == 429) {
            throw new CallFailed("answered " + status);
        }
        // 4xx: the service refuses this contact to the caller although contact-service does not
        // (it is being erased there, or the services disagree): nothing partial is exported.
        throw new Refused("answered " + status);
    }

    private ApiException unavailable(String service, String reason) {
        long seconds = Math.max(1, properties.openFor().toSeconds() / 2);
        return ApiException.unavailable(
                service + " " + reason
                        + ", so its part of the export is missing; nothing was exported, try again shortly",
                Duration.ofSeconds(seconds));
    }

    /** A call that may succeed if tried again. */
    static final class CallFailed extends RuntimeException {
        CallFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** An answer that trying again will not change (not counted as a failure of the service). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
