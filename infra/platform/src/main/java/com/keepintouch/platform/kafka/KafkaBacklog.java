package com.keepintouch.platform.kafka;

import com.keepintouch.platform.system.PeriodicTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The backlog of a service's topics, measured every interval with a handful of admin requests:
 * how many records wait in each {@code .DLT} (a person has to look at them) and how far behind
 * each consumer group is. Published as the gauges {@code kit_kafka_dlt_depth{topic}} and {@code
 * kit_kafka_consumer_lag{group,topic}}, and as a {@link Snapshot} for the operations dashboard.
 */
public class KafkaBacklog extends PeriodicTask {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Records in each dead-letter topic, and the lag of each group on each topic. */
    public record Snapshot(Instant takenAt, Map<String, Long> deadLetters, List<Lag> lag) {
        static Snapshot empty() {
            return new Snapshot(null, Map.of(), List.of());
        }

        public long deadLettersTotal() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How many records of {@code topic} group {@code group} has yet to read. */
    public record Lag(String group, String topic, long records) {}

    private final KafkaAdmin kafkaAdmin;
    private final List<String> topics;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile AdminClient admin;
    private volatile Snapshot latest = Snapshot.empty();

    public KafkaBacklog(
            KafkaAdmin kafkaAdmin, List<String> topics, MeterRegistry meters, Clock clock, Duration interval) {
        super("kafka-backlog", Duration.ofSeconds(2), interval);
        this.kafkaAdmin = kafkaAdmin;
        this.topics = List.copyOf(topics);
        this.meters = meters;
        this.clock = clock;
    }

    /** The latest measurement; empty until the first one succeeded. */
    public Snapshot snapshot() {
        return latest;
    }

    @Override
    protected void runOnce() {
        try {
            latest = measure();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("measuring the Kafka backlog failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Measures now. */
    public Snapshot measure() throws ExecutionException, TimeoutException, InterruptedException {
        AdminClient client = client();
        List<String> watched = new ArrayList<>(topics);
        topics.forEach(topic -> watched.add(topic + KafkaPlatformConfiguration.DLT_SUFFIX));
        Set<String> existing = client.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        watched.retainAll(existing);
        Map<String, TopicDescription> described =
                client.describeTopics(watched).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
        described
                .values()
                .forEach(topic -> topic.partitions().forEach(partition -> {
                    TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                    latestSpec.put(tp, OffsetSpec.latest());
                    if (topic.name().endsWith(KafkaPlatformConfiguration.DLT_SUFFIX)) {
                        earliestSpec.put(tp, OffsetSpec.earliest());
                    }
                }));
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                client.listOffsets(latestSpec).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts =
                client.listOffsets(earliestSpec).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        Map<String, Long> deadLetters = new HashMap<>();
        starts.forEach((tp, start) -> deadLetters.merge(tp.topic(), ends.get(tp).offset() - start.offset(), Long::sum));
        for (String topic : described.keySet()) {
            if (topic.endsWith(KafkaPlatformConfiguration.DLT_SUFFIX)) {
                deadLetters.putIfAbsent(topic, 0L);
            }
        }

        Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
        for (GroupListing group : client.listGroups(ListGroupsOptions.forConsumerGroups())
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            groups.put(group.groupId(), new ListConsumerGroupOffsetsSpec());
        }
        List<Lag> lag = new ArrayList<>();
        if (!groups.isEmpty()) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                    client.listConsumerGroupOffsets(groups).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            committed.forEach((group, offsets) -> {
                Map<String, Long> perTopic = new HashMap<>();
                offsets.forEach((tp, offset) -> {
                    if (offset != null && ends.containsKey(tp) && topics.contains(tp.topic())) {
                        perTopic.merge(tp.topic(), Math.max(0, ends.get(tp).offset() - offset.offset()), Long::sum);
                    }
                });
                perTopic.forEach((topic, records) -> lag.add(new Lag(group, topic, records)));
            });
        }
        lag.sort(Comparator.comparing(Lag::group).thenComparing(Lag::topic));

        deadLetters.forEach((topic, depth) -> gauge("kit.kafka.dlt.depth", Map.of("topic", topic), depth));
        lag.forEach(l -> gauge("kit.kafka.consumer.lag", Map.of("group", l.group(), "topic", l.topic()), l.records()));
        return new Snapshot(clock.instant(), Map.copyOf(deadLetters), List.copyOf(lag));
    }

    private void gauge(String name, Map<String, String> tags, long value) {
        String key = name + tags;
        gauges.computeIfAbsent(key, k -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.Builder<AtomicLong> builder = Gauge.builder(name, holder, AtomicLong::get);
                    tags.forEach(builder::tag);
                    builder.register(meters);
                    return holder;
                })
                .set(value);
    }

    private AdminClient client() {
        AdminClient client = admin;
        if (client == null) {
            client = AdminClient.create(kafkaAdmin.getConfigurationProperties());
            admin = client;
        }
        return client;
    }

    @Override
    public void stop() {
        super.stop();
        AdminClient client = admin;
        admin = null;
        if (client != null) {
            client.close(Duration.ofSeconds(2));
        }
    }
}
