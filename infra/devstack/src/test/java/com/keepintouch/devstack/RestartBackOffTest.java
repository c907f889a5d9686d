package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartBackOffTest {

    private final RestartBackOff backOff = new RestartBackOff();

    @Test
    void waitsOneSecondFirstThenTwiceAsLongUpToThirtySeconds() {
        assertThat(IntStream.range(0, 8)
                        .mapToObj(i -> backOff.afterDeath(Duration.ZERO).toSeconds())
                        .toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void startsAgainFromOneSecondAfterAMinuteUp() {
        backOff.afterDeath(Duration.ZERO);
        backOff.afterDeath(Duration.ofSeconds(5));
        backOff.afterDeath(Duration.ofSeconds(59));

        assertThat(backOff.afterDeath(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.afterDeath(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aProcessThatWasNeverReadyKeepsBackingOff() {
        for (int i = 0; i < 10; i++) {
            backOff.afterDeath(Duration.ZERO);
        }

        assertThat(backOff.afterDeath(Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    }
}
