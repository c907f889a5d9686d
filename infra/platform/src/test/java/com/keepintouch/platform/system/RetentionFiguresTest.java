package com.keepintouch.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retention as the ops answers and the dashboard show it: as an operator configures it. */
class RetentionFiguresTest {

    @Test
    void aRetentionOfWholeDaysReadsInDays() {
        assertThat(RetentionFigures.iso(Duration.ofDays(730))).isEqualTo("P730D");
        assertThat(RetentionFigures.iso(Duration.ofHours(36))).isEqualTo("PT36H");
    }

    @Test
    void noRetentionReadsZero() {
        assertThat(RetentionFigures.iso(Duration.ZERO)).isEqualTo("0");
    }
}
