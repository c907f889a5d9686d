package com.keepintouch.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what really arrived on a topic, from its beginning, as a downstream consumer would. */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private KafkaProbe(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    public static KafkaProbe subscribe(String... topics) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        consumer.subscribe(List.of(topics));
        return new KafkaProbe(consumer);
    }

    /** Polls until {@code count} records matching {@code filter} have arrived, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> await(
            int count, Predicate<ConsumerRecord<String, String>> filter, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (matching(filter).size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Expected " + count + " matching records within " + timeout + " but saw "
                        + matching(filter).size() + " of " + seen.size() + ": " + seen);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return matching(filter);
    }

    public List<ConsumerRecord<String, String>> await(int count, Duration timeout) {
        return await(count, any -> true, timeout);
    }

    /** Everything that arrives until nothing new has come for {@code quietPeriod}. */
    public List<ConsumerRecord<String, String>> drain(Duration quietPeriod) {
        Instant quietUntil = Instant.now().plus(quietPeriod);
        while (Instant.now().isBefore(quietUntil)) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                records.forEach(seen::add);
                quietUntil = Instant.now().plus(quietPeriod);
            }
        }
        return List.copyOf(seen);
    }

    private List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> filter) {
        return seen.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
