package com.keepintouch.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the stack's topics from outside, as another team's consumer or a broken producer would. */
final class Topics {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Topics() {}

    /** Every record of {@code topic} from its beginning to its end now, whose JSON value matches. */
    static List<JsonNode> read(String topic, Predicate<JsonNode> wanted) {
        return read(SystemStack.get().settings().kafkaBootstrap(), topic, wanted);
    }

    /** As {@link #read(String, Predicate)}, from the broker at {@code bootstrap}. */
    static List<JsonNode> read(String bootstrap, String topic, Predicate<JsonNode> wanted) {
        List<JsonNode> values = new ArrayList<>();
        for (String value : readRaw(bootstrap, topic)) {
            try {
                JsonNode json = JSON.readTree(value);
                if (wanted.test(json)) {
                    values.add(json);
                }
            } catch (RuntimeException notJson) {
                // a poison record some test wrote; not an event
            }
        }
        return values;
    }

    /** The values of every record of {@code topic}, from its beginning to its end now. */
    static List<String> readRaw(String topic) {
        return readRaw(SystemStack.get().settings().kafkaBootstrap(), topic);
    }

    private static List<String> readRaw(String bootstrap, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "system-tests-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    /** Writes raw records, as a broken producer would. */
    static void writeRaw(String topic, Map<String, String> keysToValues) {
        Properties properties = new Properties();
        properties.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SystemStack.get().settings().kafkaBootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            keysToValues.forEach((key, value) -> producer.send(new ProducerRecord<>(topic, key, value)));
            producer.flush();
        }
    }
}
