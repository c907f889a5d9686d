package com.keepintouch.interaction.capture.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SenderLimitsTest {

    @Test
    void eachRemoteAddressHasItsOwnRateOfMessages() {
        SenderLimits limits =
                new SenderLimits(5, 3, Duration.ofHours(1), new CaptureSmtpMetrics(new SimpleMeterRegistry()));
        InetSocketAddress one = new InetSocketAddress("192.0.2.1", 40000);
        InetSocketAddress sameHostOtherPort = new InetSocketAddress("192.0.2.1", 40001);
        InetSocketAddress other = new InetSocketAddress("192.0.2.2", 40000);

        assertThat(limits.mayDeliver(one)).isTrue();
        assertThat(limits.mayDeliver(sameHostOtherPort)).isTrue();
        assertThat(limits.mayDeliver(one)).isTrue();
        assertThat(limits.mayDeliver(one))
                .as("the fourth message within the period")
                .isFalse();
        assertThat(limits.mayDeliver(sameHostOtherPort)).isFalse();
        assertThat(limits.mayDeliver(other)).isTrue();
    }
}
