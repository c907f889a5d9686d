package com.keepintouch.interaction.capture;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long mail that named no contact is kept for a contact who appears later
 * ({@code kit.capture.unmatched.*}; every default is in application.yml).
 *
 * @param retention a message is kept this long after it was last captured
 * @param sweepInterval how often the expired records are deleted
 */
@ConfigurationProperties("kit.capture.unmatched")
record UnmatchedProperties(Duration retention, Duration sweepInterval) {}
