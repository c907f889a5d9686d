package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.support.ServiceSettings;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.EndpointCache;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out's back-pressure: it waits while the queues are full and goes on as soon as a job leaves one. */
class DispatcherTest {

    static final Instant NOW = Instant.parse("2026-03-28T10:00:00Z");

    final List<CompletableFuture<Outcome>> attempts = new CopyOnWriteArrayList<>();
    final EmailSender emails = mock(EmailSender.class);
    final WebhookProperties properties = ServiceSettings.defaults().webhooks();
    final Dispatcher dispatcher = new Dispatcher(
            mock(EndpointCache.class),
            mock(ErasedContacts.class),
            mock(WebhookSender.class),
            emails,
            mock(Recorder.class),
            CircuitBreakerRegistry.ofDefaults(),
            RateLimiterRegistry.ofDefaults(),
            BulkheadRegistry.of(BulkheadConfig.custom()
                    .maxConcurrentCalls(2)
                    .maxWaitDuration(Duration.ZERO)
                    .build()),
            properties,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        dispatcher.stop();
    }

    static Job email(int i) {
        EmailDestination email = new EmailDestination("p" + i + "@example.com", "s", "t", "h", null);
        return new Job(
                Delivery.email(
                        "k" + i, "owner" + i, null, "e" + i, "digest", email, NOW, NOW.plus(Duration.ofMinutes(1))),
                null);
    }

    @Test
    void awaitRoomReturnsAsSoonAsAJobLeavesItsQueue() throws Exception {
        when(emails.send(any())).thenAnswer(call -> {
            CompletableFuture<Outcome> attempt = new CompletableFuture<>();
            attempts.add(attempt);
            return attempt;
        });
        dispatcher.start();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(email(i));
        }
        dispatcher.submit(jobs); // 2 in flight (the bulkhead), 3 queued
        assertThat(dispatcher.queued()).isEqualTo(3);

        long started = System.nanoTime();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                dispatcher.awaitRoom(3, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waited).isNotDone();
        attempts.get(0).complete(Outcome.delivered(250, 1)); // a permit frees, the next job leaves the queue

        waited.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(dispatcher.queued()).isEqualTo(2);
    }

    @Test
    void awaitRoomGivesUpAfterItsPatience() throws Exception {
        when(emails.send(any())).thenReturn(new CompletableFuture<>());
        dispatcher.start();
        dispatcher.submit(List.of(email(0), email(1), email(2)));

        long started = System.nanoTime();
        dispatcher.awaitRoom(1, Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(dispatcher.queued()).isEqualTo(1);
    }
}
