package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchesTest {

    final List<List<Integer>> written = new CopyOnWriteArrayList<>();

    @Test
    void whatArrivesWhileABatchIsWrittenMakesTheNextBatchOfAtMostTheBatchSize() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Batches<Integer> batches =
                new Batches<>("test", "numbers", 3, Duration.ofMillis(10), Duration.ofMillis(40), batch -> {
                    written.add(List.copyOf(batch));
                    if (written.size() == 1) {
                        awaitLatch(release);
                    }
                });
        batches.start();
        batches.add(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        for (int i = 1; i <= 7; i++) {
            batches.add(i);
        }
        assertThat(batches.backlog()).isEqualTo(7);

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 4);
        assertThat(written).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
        batches.stop(Duration.ofSeconds(1));
    }

    @Test
    void aBatchWhoseWriteFailsIsWrittenAgainUntilItIsWritten() {
        AtomicInteger tries = new AtomicInteger();
        Batches<Integer> batches =
                new Batches<>("test", "numbers", 10, Duration.ofMillis(10), Duration.ofMillis(40), batch -> {
                    if (tries.incrementAndGet() <= 3) {
                        throw new IllegalStateException("database down");
                    }
                    written.add(List.copyOf(batch));
                });
        batches.start();

        batches.add(1);
        batches.add(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> !written.isEmpty());
        assertThat(tries.get()).isGreaterThanOrEqualTo(4);
        assertThat(written.stream().flatMap(List::stream)).containsExactlyInAnyOrder(1, 2);
        batches.stop(Duration.ofSeconds(1));
    }

    @Test
    void stoppingWritesWhatIsStillWaiting() {
        Batches<Integer> batches = new Batches<>(
                "test",
                "numbers",
                2,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                batch -> written.add(List.copyOf(batch)));
        batches.start();
        for (int i = 0; i < 10; i++) {
            batches.add(i);
        }

        batches.stop(Duration.ofSeconds(5));

        assertThat(written.stream().flatMap(List::stream)).hasSize(10);
        assertThat(batches.isRunning()).isFalse();
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
