package com.keepintouch.interaction.capture;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a captured message becomes interactions ({@code kit.capture.messages.*}; every default is in
 * application.yml).
 *
 * @param maxRecipients a message to more distinct recipients (to, cc and bcc together) is a
 *     broadcast, not a touch, and records nothing
 * @param maxSummary the subject is kept as the summary up to this many characters
 */
@ConfigurationProperties("kit.capture.messages")
public record MessageCaptureProperties(int maxRecipients, int maxSummary) {}
