package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.http.ServiceClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How interaction-service asks contact-service about a contact it has not seen on contacts.v1
 * ({@code kit.contacts.*}; every default is in application.yml).
 *
 * @param baseUrl contact-service ({@code CONTACT_SERVICE_URL})
 * @param timeout time limit of one lookup
 * @param retries retries of a lookup that failed or timed out, with back-off from {@code retryBackoff}
 * @param retryBackoff wait before the first retry
 * @param retryBackoffMultiplier factor by which each further wait grows
 * @param circuitWindow the latest lookups whose failure rate the circuit breaker watches
 * @param circuitMinimumCalls lookups before the failure rate counts
 * @param circuitFailureRate percentage of failed lookups in the window that opens the circuit
 * @param openFor how long the circuit stays open after failures, answering 503 at once
 */
@ConfigurationProperties("kit.contacts")
public record ContactsProperties(
        String baseUrl,
        Duration timeout,
        int retries,
        Duration retryBackoff,
        double retryBackoffMultiplier,
        int circuitWindow,
        int circuitMinimumCalls,
        float circuitFailureRate,
        Duration openFor)
        implements ServiceClient.Settings {}
