package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retention as the dashboard shows it: in days when it is whole days, as ISO 8601 otherwise. */
class BodyRetentionTest {

    @Test
    void aRetentionOfWholeDaysReadsInDays() {
        assertThat(BodyRetention.iso(Duration.ofDays(730))).isEqualTo("P730D");
        assertThat(BodyRetention.iso(Duration.ofHours(36))).isEqualTo("PT36H");
    }
}
