package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.http.ServiceClient;
import com.keepintouch.platform.http.ServiceClient.CallFailed;
import com.keepintouch.platform.tracing.TraceContexts;
import com.keepintouch.platform.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * contact-service's {@code GET /api/contacts/{id}}, asked with the caller's own token (so
 * contact-service applies its ownership rules) through the platform's {@link ServiceClient}: a time
 * limit, retries with back-off and a circuit breaker.
 *
 * <p>When contact-service cannot answer it throws {@link ApiException#unavailable}, a 503 with
 * {@code Retry-After}: this adapter is the one place that knows the circuit, so the one place that
 * knows when the caller should come back. It is an HTTP-edge answer by nature (the HTTP dependency
 * is down); the application services let it pass unchanged.
 */
@Component
class ContactServiceClient {

    private static final String CONTACT_SERVICE = "contact-service";

    private final ContactsProperties properties;
    private final ServiceClient services;
    private final JsonMapper json = JsonMapper.builder().build();

    ContactServiceClient(ContactsProperties properties, MeterRegistry meters, TraceContexts traces) {
        this.properties = properties;
        this.services = new ServiceClient(properties, List.of(CONTACT_SERVICE), meters, traces);
    }

    /** The contact as contact-service shows it to the caller; empty when it is unknown or not theirs. */
    Optional<KnownContact> find(String contactId, String bearerToken) {
        URI uri = URI.create(
                properties.baseUrl() + "/api/contacts/" + URLEncoder.encode(contactId, StandardCharsets.UTF_8));
        try {
            return services.get(CONTACT_SERVICE, uri, "Bearer " + bearerToken, response -> known(contactId, response));
        } catch (CallFailed e) {
            throw ApiException.unavailable(
                    "contact-service is unavailable and this contact is not known here yet; try again shortly",
                    services.retryAfter());
        }
    }

    private Optional<KnownContact> known(String contactId, HttpResponse<String> response) {
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
            default -> throw new CallFailed("answered " + response.statusCode());
        };
    }
}
