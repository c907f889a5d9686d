package com.keepintouch.contact.export;

import com.keepintouch.platform.http.ServiceClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how the export asks the other services for their section ({@code kit.export.*}; every
 * default is in application.yml).
 *
 * @param interactionServiceUrl interaction-service, answering {@code GET /api/personal-data/{contactId}}
 * @param reminderServiceUrl reminder-service, the same
 * @param notifierServiceUrl notifier-service, the same
 * @param timeout time limit of one call (connecting and answering)
 * @param retries retries of a call that failed, timed out or answered 5xx, with back-off from {@code retryBackoff}
 * @param retryBackoff wait before the first retry
 * @param retryBackoffMultiplier factor by which each further wait grows
 * @param circuitWindow the latest calls to one service whose failure rate its circuit breaker watches
 * @param circuitMinimumCalls calls before the failure rate counts
 * @param circuitFailureRate percentage of failed calls in the window that opens the circuit
 * @param openFor how long an open circuit answers 503 at once before trying the service again
 */
@ConfigurationProperties("kit.export")
public record ExportProperties(
        String interactionServiceUrl,
        String reminderServiceUrl,
        String notifierServiceUrl,
        Duration timeout,
        int retries,
        Duration retryBackoff,
        double retryBackoffMultiplier,
        int circuitWindow,
        int circuitMinimumCalls,
        float circuitFailureRate,
        Duration openFor)
        implements ServiceClient.Settings {}
