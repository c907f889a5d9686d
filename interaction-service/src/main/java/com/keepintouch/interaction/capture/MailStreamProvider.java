package com.keepintouch.interaction.capture;

import org.springframework.stereotype.Component;

/**
 * Names Jakarta Mail's stream provider (Angus Mail's) as the system property the API reads first.
 * Without it, every header block Jakarta Mail reads (each message a mailbox fetches, each message
 * the capture address receives) looks the provider up with a {@link java.util.ServiceLoader}, which
 * in the service's nested jar costs more than fetching and parsing the headers themselves. A value
 * set on the command line is kept.
 */
@Component
class MailStreamProvider {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    MailStreamProvider() {
        System.getProperties().putIfAbsent(PROPERTY, ANGUS);
    }
}
