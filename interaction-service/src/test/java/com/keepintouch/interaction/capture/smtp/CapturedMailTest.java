package com.keepintouch.interaction.capture.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;

class CapturedMailTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CaptureSmtpMetrics metrics = new CaptureSmtpMetrics(meters);
    final CaptureAddressFormat format = new CaptureAddressFormat("capture.example.org", "log");

    CapturedMail transaction(SenderLimits limits) {
        return new CapturedMail(
                new CapturedMail.Context(null, format, null, limits, metrics, Clock.systemUTC(), 1024, 256),
                new InetSocketAddress("192.0.2.7", 41000));
    }

    @Test
    void aSenderOverItsRateIsToldToTryAgainLaterAtMailFrom() throws Exception {
        SenderLimits limits = new SenderLimits(5, 1, Duration.ofHours(1), metrics);
        transaction(limits).from("alice@example.org");

        RejectException refused = catchThrowableOfType(
                RejectException.class, () -> transaction(limits).from("alice@example.org"));

        assertThat(refused.getErrorResponse()).startsWith("451 4.7.1 ");
        assertThat(meters.counter("kit.capture.smtp.refused", "reason", "rate_limited")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anAddressThatIsNoCaptureAddressIsRefusedWithoutLookingItUp() {
        CapturedMail mail = transaction(new SenderLimits(5, 10, Duration.ofMinutes(1), metrics));

        for (String elsewhere : new String[] {"jill@example.com", "log+abc@capture.example.org", "root@localhost"}) {
            RejectException refused = catchThrowableOfType(RejectException.class, () -> mail.recipient(elsewhere));
            assertThat(refused.getErrorResponse()).startsWith("550 5.7.1 ");
        }
        assertThat(meters.counter("kit.capture.smtp.refused", "reason", "not_a_capture_address")
                        .count())
                .isEqualTo(3);
    }
}
