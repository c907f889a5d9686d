package com.keepintouch.notifier.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How emails are sent ({@code kit.email.*}); the SMTP server itself is {@code spring.mail.*}.
 * Every default is in {@code application.yml}.
 *
 * @param from the sender of every email
 * @param fallbackAddress who is told that an endpoint was disabled when its owner set no address
 * @param digestCheckInterval how often due digests are looked for
 * @param apiUrl the notifier's public address, for the instructions in emails
 * @param senderThreads emails handed to the SMTP server at once (JavaMail blocks a thread per email)
 */
@ConfigurationProperties("kit.email")
public record EmailProperties(
        String from, String fallbackAddress, Duration digestCheckInterval, String apiUrl, int senderThreads) {

    public EmailProperties {
        Settings.required("kit.email", from, fallbackAddress, digestCheckInterval, apiUrl);
        Settings.positive("kit.email", senderThreads);
    }
}
