package com.keepintouch.interaction.capture.smtp;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code kit_capture_smtp_accepted_total}: messages the listener took (250), whatever capturing them
 * recorded ({@code kit_capture_messages_total} tells that); {@code
 * kit_capture_smtp_refused_total{reason}}: what it refused, and why.
 */
@Component
class CaptureSmtpMetrics {

    /** Why the listener refused a connection, a recipient or a message. */
    enum Refusal {
        /** RCPT TO an address that is no capture address of this server: it relays nothing (550). */
        NOT_A_CAPTURE_ADDRESS,
        /** RCPT TO a capture address in form whose token no owner has: rotated or never issued (550). */
        UNKNOWN_ADDRESS,
        /** The message or its header block is over the limit (552). */
        TOO_LARGE,
        /** The headers hold no Message-ID or no readable From (554). */
        INVALID_MESSAGE,
        /** The remote address sent more messages than its rate allows (451). */
        RATE_LIMITED,
        /** The remote address holds as many connections as it may (421). */
        TOO_MANY_CONNECTIONS,
        /** Recording failed for now, e.g. MongoDB is down; the sender tries again (451). */
        UNAVAILABLE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;

    CaptureSmtpMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void accepted() {
        meters.counter("kit.capture.smtp.accepted").increment();
    }

    void refused(Refusal reason) {
        meters.counter("kit.capture.smtp.refused", "reason", reason.label()).increment();
    }
}
