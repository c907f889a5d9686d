package com.keepintouch.contact.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a key is free again: its answer after the retention, its unfinished request after the running timeout. */
class IdempotencyKeyTest {

    private static final Instant TAKEN = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(2);

    private static IdempotencyKey running() {
        return IdempotencyKey.running("alice\nkey-1", "ab12", TAKEN);
    }

    private static IdempotencyKey done() {
        return new IdempotencyKey(
                "alice\nkey-1", "ab12", IdempotencyKey.State.DONE, TAKEN, 201, "/api/contacts/c_1", "{}");
    }

    private static boolean expiredAfter(IdempotencyKey key, Duration age) {
        return key.expired(TAKEN.plus(age), RETENTION, RUNNING_TIMEOUT);
    }

    @Test
    void anAnswerHoldsForTheRetentionFromItsFirstRequest() {
        assertThat(expiredAfter(done(), Duration.ofHours(23))).isFalse();
        assertThat(expiredAfter(done(), RETENTION)).isFalse();
        assertThat(expiredAfter(done(), RETENTION.plusMillis(1))).isTrue();
    }

    @Test
    void anUnfinishedRequestHoldsItsKeyForTheRunningTimeoutOnly() {
        assertThat(expiredAfter(running(), Duration.ofMinutes(1))).isFalse();
        assertThat(expiredAfter(running(), RUNNING_TIMEOUT)).isFalse();
        assertThat(expiredAfter(running(), RUNNING_TIMEOUT.plusMillis(1))).isTrue();
    }

    @Test
    void aRetentionNotLongerThanTheRunningTimeoutIsRefusedAtStartUp() {
        assertThat(new IdempotencyProperties(RETENTION, RUNNING_TIMEOUT).retention())
                .isEqualTo(RETENTION);
        assertThatThrownBy(() -> new IdempotencyProperties(Duration.ofMinutes(1), RUNNING_TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kit.idempotency.retention");
        assertThatThrownBy(() -> new IdempotencyProperties(RETENTION, Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kit.idempotency.running-timeout");
    }
}
