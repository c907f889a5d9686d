package com.keepintouch.notifier.ops;

import com.keepintouch.notifier.system.OpsProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * interaction-service's retention figures ({@code GET /api/ops/retention}), asked with the
 * operator's own {@code Authorization} header within {@code kit.ops.interaction-service-timeout}.
 * The dashboard shows them beside this service's own; when they cannot be had it says why, in
 * words, instead of failing the summary.
 */
@Component
class InteractionRetention {

    private static final Logger log = LoggerFactory.getLogger(InteractionRetention.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpsProperties properties;
    private final HttpClient http;

    InteractionRetention(OpsProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.interactionServiceTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The {@code interactionSummaries} figures, or {@code {"unavailable": "<why>"}}. */
    Object figures(String authorization) {
        String why;
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(properties.interactionServiceUrl() + "/api/ops/retention"))
                    .timeout(properties.interactionServiceTimeout())
                    .header("Authorization", authorization == null ? "" : authorization)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode figures = JSON.readTree(response.body()).path("interactionSummaries");
                if (figures.isObject()) {
                    return figures;
                }
                why = "interaction-service answered without interaction summary figures";
            } else {
                why = "interaction-service answered " + response.statusCode();
            }
        } catch (HttpTimeoutException e) {
            why = "interaction-service did not answer within "
                    + properties.interactionServiceTimeout().toMillis() + " ms";
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            why = "interaction-service could not be reached";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted while asking interaction-service";
        }
        log.info("Retention figures of interaction-service unavailable reason=\"{}\"", why);
        return Map.of("unavailable", why);
    }
}
