package com.keepintouch.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    /** The schedule application.yml sets, with its jitter and Retry-After bounds. */
    static final List<Duration> STANDARD = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    static RetrySchedule standard() {
        return new RetrySchedule(STANDARD, 0.1, Duration.ofSeconds(1), Duration.ofHours(10));
    }

    final RetrySchedule schedule = standard();

    @Test
    void retriesAt5s5m30m2h5h10h10hWithinTheJitterThenGivesUp() {
        Random random = new Random(42);
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 8; attempt++) {
            schedule.next(attempt, Optional.empty(), random).ifPresent(waits::add);
        }

        assertThat(waits).hasSize(7);
        assertThat(schedule.maxAttempts()).isEqualTo(8);
        for (int i = 0; i < 7; i++) {
            long base = STANDARD.get(i).toMillis();
            assertThat(waits.get(i).toMillis()).isBetween(Math.round(base * 0.9), Math.round(base * 1.1));
        }
        assertThat(schedule.next(8, Optional.empty(), random)).isEmpty();
    }

    @Test
    void theJitterSpreadsRetriesOfOneOutage() {
        Random random = new Random(7);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> schedule.next(2, Optional.empty(), random).orElseThrow())
                .distinct()
                .count();

        assertThat(distinct).isGreaterThan(90);
    }

    @Test
    void retryAfterIsHonouredWithinItsBounds() {
        Random random = new Random(1);

        assertThat(schedule.next(1, Optional.of(Duration.ofSeconds(120)), random))
                .contains(Duration.ofSeconds(120));
        assertThat(schedule.next(1, Optional.of(Duration.ZERO), random)).contains(Duration.ofSeconds(1));
        assertThat(schedule.next(3, Optional.of(Duration.ofDays(3)), random)).contains(Duration.ofHours(10));
        assertThat(schedule.next(8, Optional.of(Duration.ofSeconds(5)), random)).isEmpty();
    }
}
