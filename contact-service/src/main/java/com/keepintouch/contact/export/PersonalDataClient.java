package com.keepintouch.contact.export;

import com.keepintouch.platform.http.ServiceClient;
import com.keepintouch.platform.http.ServiceClient.CallFailed;
import com.keepintouch.platform.http.ServiceClient.Refused;
import com.keepintouch.platform.tracing.TraceContexts;
import com.keepintouch.platform.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The other services' {@code GET /api/personal-data/{contactId}}, asked with the caller's own token
 * (so each service applies its ownership rules) through the platform's {@link ServiceClient}: a
 * time limit, retries with back-off and a circuit breaker per service.
 *
 * <p>A service that cannot give its section is a {@link ApiException#unavailable} naming it: an
 * export is whole or not at all.
 */
@Component
class PersonalDataClient {

    static final String INTERACTION_SERVICE = "interaction-service";
    static final String REMINDER_SERVICE = "reminder-service";
    static final String NOTIFIER_SERVICE = "notifier-service";

    private final Map<String, String> baseUrls;
    private final ServiceClient services;
    private final JsonMapper json = JsonMapper.builder().build();

    PersonalDataClient(ExportProperties properties, MeterRegistry meters, TraceContexts traces) {
        this.baseUrls = Map.of(
                INTERACTION_SERVICE, properties.interactionServiceUrl(),
                REMINDER_SERVICE, properties.reminderServiceUrl(),
                NOTIFIER_SERVICE, properties.notifierServiceUrl());
        this.services = new ServiceClient(properties, baseUrls.keySet(), meters, traces);
    }

    /**
     * {@code service}'s section about the contact, as it answered it.
     *
     * @throws ApiException 503 naming the service when it did not answer, or not with its section
     */
    JsonNode section(String service, String contactId, String authorization) {
        URI uri = URI.create(
                baseUrls.get(service) + "/api/personal-data/" + URLEncoder.encode(contactId, StandardCharsets.UTF_8));
        try {
            return services.get(service, uri, authorization, this::section);
        } catch (CallFailed | Refused e) {
            throw ApiException.unavailable(
                    service + " " + e.getMessage()
                            + ", so its part of the export is missing; nothing was exported, try again shortly",
                    services.retryAfter());
        }
    }

    private JsonNode section(HttpResponse<String> response) {
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
}
