package com.keepintouch.interaction.capture.smtp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The SMTP listener of the capture address ({@code kit.capture.smtp.*}; every default is in
 * application.yml).
 *
 * @param enabled whether this instance listens at all
 * @param port the port it listens on (0: any free one, for tests)
 * @param bindAddress the address it listens on
 * @param hostName the name it greets with
 * @param maxMessageSize a larger message is refused with 552, and nothing of it is kept
 * @param maxHeaderSize a larger header block is refused with 552 (only the headers are read)
 * @param maxRecipients capture addresses one message may name (RCPT TO); more answer 452
 * @param maxConnections connections at once, from everyone; more answer 421
 * @param maxConnectionsPerAddress connections at once from one remote address; more answer 421
 * @param connectionTimeout a connection silent this long is closed with 421
 * @param rateLimit messages one remote address may send
 */
@ConfigurationProperties("kit.capture.smtp")
record CaptureSmtpProperties(
        boolean enabled,
        int port,
        String bindAddress,
        String hostName,
        DataSize maxMessageSize,
        DataSize maxHeaderSize,
        int maxRecipients,
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration connectionTimeout,
        RateLimit rateLimit) {

    /**
     * @param messages messages one remote address may send per {@code period}; beyond, MAIL FROM answers 451
     * @param period the period of {@code messages}
     */
    record RateLimit(int messages, Duration period) {}
}
