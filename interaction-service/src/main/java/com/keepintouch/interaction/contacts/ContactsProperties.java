package com.keepintouch.interaction.contacts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How interaction-service asks contact-service about a contact it has not seen on contacts.v1.
 *
 * @param baseUrl contact-service ({@code CONTACT_SERVICE_URL})
 * @param timeout time limit of one lookup
 * @param retries retries of a lookup that failed or timed out, with back-off from {@code retryBackoff}
 * @param openFor how long the circuit stays open after failures, answering 503 at once
 */
@ConfigurationProperties("kit.contacts")
public record ContactsProperties(
        String baseUrl,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("2") int retries,
        @DefaultValue("100ms") Duration retryBackoff,
        @DefaultValue("10s") Duration openFor) {}
