package com.keepintouch.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.domain.Delivery.Result;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.domain.Delivery.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    static final Instant NOW = Instant.parse("2026-03-28T10:00:00Z");
    static final DeliveryPolicy POLICY = new DeliveryPolicy(RetryScheduleTest.standard(), Duration.ofSeconds(10), 20);

    final Random random = new Random(7);

    static Delivery webhook() {
        return Delivery.webhook("msg_1", "ep_1", "alice", "c_1", "e-1", "relationship.due", NOW, NOW.plusSeconds(60));
    }

    static Delivery email() {
        return Delivery.email(
                "key",
                "alice",
                null,
                "e-2",
                "digest",
                new EmailDestination("alice@example.com", "s", "t", "<p>h</p>", null),
                NOW,
                NOW.plusSeconds(60));
    }

    @Test
    void aSuccessDeliversRecordsTheAttemptAndAnnouncesItOneVersionOn() {
        Delivery before = webhook();

        Transition t = before.after(Outcome.delivered(204, 35), NOW, POLICY, random);

        assertThat(t.result()).isEqualTo(Result.DELIVERED);
        Delivery after = t.after();
        assertThat(after.status()).isEqualTo(Status.DELIVERED);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.deliveredAt()).isEqualTo(NOW);
        assertThat(after.nextAttemptAt()).isNull();
        assertThat(after.leaseUntil()).isNull();
        assertThat(after.responseStatus()).isEqualTo(204);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.etag()).isNotEqualTo(before.etag());
        assertThat(after.log()).containsExactly(new Delivery.Attempt(NOW, 35, 204, null));
        assertThat(t.nextAttemptAt()).isEmpty();
        assertThat(t.event())
                .contains(new DeliverySucceeded(
                        before.id(),
                        Delivery.Channel.WEBHOOK,
                        "ep_1",
                        "e-1",
                        "relationship.due",
                        "c_1",
                        "alice",
                        1,
                        204,
                        NOW));
    }

    @Test
    void aFailedAttemptWaitsForTheNextTimeOfTheSchedule() {
        Transition t = webhook().after(Outcome.failed(500, "HTTP 500", 12, null), NOW, POLICY, random);

        assertThat(t.result()).isEqualTo(Result.RETRYING);
        assertThat(t.after().status()).isEqualTo(Status.PENDING);
        assertThat(t.after().lastError()).isEqualTo("HTTP 500");
        assertThat(t.after().attempts()).isEqualTo(1);
        assertThat(Duration.between(NOW, t.after().nextAttemptAt()))
                .isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));
        assertThat(t.nextAttemptAt()).contains(t.after().nextAttemptAt());
        assertThat(t.event()).isEmpty();
    }

    @Test
    void retryAfterReplacesTheWait() {
        Transition t =
                webhook().after(Outcome.failed(429, "HTTP 429", 3, Duration.ofSeconds(120)), NOW, POLICY, random);

        assertThat(t.after().nextAttemptAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(t.after().responseStatus()).isEqualTo(429);
    }

    @Test
    void theEighthFailedAttemptFailsTheDeliveryAndAnnouncesIt() {
        Delivery delivery = webhook();
        for (int i = 0; i < 7; i++) {
            Transition t = delivery.after(Outcome.failed(503, "HTTP 503", 1, null), NOW, POLICY, random);
            assertThat(t.result()).isEqualTo(Result.RETRYING);
            delivery = t.after();
        }

        Transition last = delivery.after(Outcome.failed(503, "HTTP 503", 1, null), NOW, POLICY, random);

        assertThat(last.result()).isEqualTo(Result.FAILED);
        assertThat(last.after().status()).isEqualTo(Status.FAILED);
        assertThat(last.after().failedAt()).isEqualTo(NOW);
        assertThat(last.after().attempts()).isEqualTo(8);
        assertThat(last.after().log()).hasSize(8);
        assertThat(last.event()).containsInstanceOf(DeliveryFailed.class);
        assertThat(((DeliveryFailed) last.event().orElseThrow()).lastError()).isEqualTo("HTTP 503");
    }

    @Test
    void aRetryByHandStartsTheScheduleAgainAndKeepsTheAttempts() {
        Delivery failed = webhook();
        for (int i = 0; i < 8; i++) {
            failed = failed.after(Outcome.failed(503, "HTTP 503", 1, null), NOW, POLICY, random)
                    .after();
        }

        Delivery restarted = failed.restarted(NOW, NOW.plusSeconds(60));
        Transition t = restarted.after(Outcome.failed(503, "HTTP 503", 1, null), NOW, POLICY, random);

        assertThat(restarted.status()).isEqualTo(Status.PENDING);
        assertThat(restarted.failedAt()).isNull();
        assertThat(restarted.attemptsThisRound()).isZero();
        assertThat(t.result()).isEqualTo(Result.RETRYING);
        assertThat(Duration.between(NOW, t.after().nextAttemptAt())).isLessThan(Duration.ofSeconds(6));
        assertThat(t.after().attempts()).isEqualTo(9);
    }

    @Test
    void goneAndAbandonedFailAtOnce() {
        Transition gone =
                webhook().after(new Outcome(Outcome.Kind.GONE, 410, "HTTP 410 Gone", 5, null), NOW, POLICY, random);
        Transition abandoned = webhook().after(Outcome.abandoned("endpoint deleted"), NOW, POLICY, random);

        assertThat(gone.result()).isEqualTo(Result.FAILED);
        assertThat(gone.after().attempts()).isEqualTo(1);
        assertThat(abandoned.result()).isEqualTo(Result.FAILED);
        assertThat(abandoned.after().attempts()).isZero();
        assertThat(abandoned.attempt()).isEmpty();
        assertThat(abandoned.after().lastError()).isEqualTo("endpoint deleted");
    }

    @Test
    void aRefusedAttemptCountsAndIsRetried() {
        Transition t = webhook().after(Outcome.refused("not sent: the circuit is open"), NOW, POLICY, random);

        assertThat(t.result()).isEqualTo(Result.RETRYING);
        assertThat(t.after().attempts()).isEqualTo(1);
        assertThat(t.after().responseStatus()).isNull();
    }

    @Test
    void aDeferredDeliveryWaitsWithoutAnAttempt() {
        Transition t = email().after(Outcome.deferred("the endpoint's queue is full"), NOW, POLICY, random);

        assertThat(t.result()).isEqualTo(Result.DEFERRED);
        assertThat(t.after().attempts()).isZero();
        assertThat(t.after().status()).isEqualTo(Status.PENDING);
        assertThat(t.after().nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(t.after().lastError()).isNull();
        assertThat(t.attempt()).isEmpty();
    }

    @Test
    void theLogKeepsTheLatestAttempts() {
        DeliveryPolicy short3 = new DeliveryPolicy(RetryScheduleTest.standard(), Duration.ofSeconds(10), 3);
        Delivery delivery = webhook();
        for (int i = 0; i < 5; i++) {
            delivery = delivery.after(Outcome.failed(500 + i, "HTTP", 1, null), NOW, short3, random)
                    .after();
        }

        assertThat(delivery.log()).extracting(Delivery.Attempt::statusCode).containsExactly(502, 503, 504);
        assertThat(delivery.attempts()).isEqualTo(5);
    }

    @Test
    void anEmailHasNoEndpointAndItsEventSaysSo() {
        Delivery email = email();

        Transition t = email.after(Outcome.delivered(250, 10), NOW, POLICY, random);

        assertThat(email.endpointId()).isEmpty();
        assertThat(email.messageId()).isEmpty();
        assertThat(((DeliverySucceeded) t.event().orElseThrow()).endpointId()).isNull();
        assertThat(((DeliverySucceeded) t.event().orElseThrow()).channel()).isEqualTo(Delivery.Channel.EMAIL);
    }

    @Test
    void aClaimHoldsItOneVersionOnAndAHoldBeforeStoringDoesNot() {
        Delivery fresh = webhook();

        Delivery held = fresh.heldUntil(NOW.plusSeconds(90));
        Delivery claimed = fresh.claimed(NOW.plusSeconds(90));

        assertThat(held.version()).isEqualTo(fresh.version());
        assertThat(held.etag()).isEqualTo(fresh.etag());
        assertThat(claimed.version()).isEqualTo(fresh.version() + 1);
        assertThat(claimed.etag()).isNotEqualTo(fresh.etag());
        assertThat(claimed.leaseUntil()).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void theIdIsTheSameForTheSameMessageAndDestination() {
        assertThat(webhook().id())
                .isEqualTo(Delivery.webhookId("msg_1", "ep_1"))
                .startsWith("dl_")
                .hasSize(27);
        assertThat(Delivery.webhookId("msg_1", "ep_2")).isNotEqualTo(webhook().id());
    }
}
