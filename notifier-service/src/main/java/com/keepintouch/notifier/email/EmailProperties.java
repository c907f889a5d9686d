package com.keepintouch.notifier.email;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How emails are sent ({@code kit.email.*}); the SMTP server itself is {@code spring.mail.*}.
 *
 * @param from the sender of every email
 * @param fallbackAddress who is told that an endpoint was disabled when its owner set no address
 * @param digestCheckInterval how often due digests are looked for
 * @param apiUrl the notifier's public address, for the instructions in emails
 */
@ConfigurationProperties("kit.email")
public record EmailProperties(
        @DefaultValue("Keep in touch <reminders@keepintouch.local>")
        String from,

        @DefaultValue("ops@keepintouch.local") String fallbackAddress,
        @DefaultValue("1m") Duration digestCheckInterval,
        @DefaultValue("http://localhost:8084") String apiUrl) {}
