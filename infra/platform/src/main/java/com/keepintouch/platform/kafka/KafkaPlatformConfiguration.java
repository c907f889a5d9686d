package com.keepintouch.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics with their dead-letter twins, the one error handler of every listener, Kafka health.
 *
 * <p>A record whose listener keeps failing is retried with back-off, then published unchanged to
 * {@code <topic>.DLT} with the failure in its headers; a record no retry can fix (not an event,
 * schema-invalid, {@link InvalidEventException}) goes there at once. Either way the consumer
 * continues with the next record. A failure that waiting fixes ({@link TransientFailures}: MongoDB
 * unreachable) is retried until it recovers: an outage must not empty a topic into its DLT.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({TopicsProperties.class, BacklogProperties.class})
public class KafkaPlatformConfiguration {

    /** Suffix of the dead-letter topic of every topic. */
    public static final String DLT_SUFFIX = ".DLT";

    /** Header of a dead-lettered record that says in words why it failed. */
    public static final String REASON_HEADER = "kit-dlt-reason";

    private static final Logger log = LoggerFactory.getLogger("com.keepintouch.platform.kafka.DeadLetters");

    @Bean
    KafkaAdmin.NewTopics kitTopics(TopicsProperties topics) {
        return new KafkaAdmin.NewTopics(topics.names().stream()
                .flatMap(name -> java.util.stream.Stream.of(name, name + DLT_SUFFIX))
                .map(name -> new NewTopic(name, topics.partitions(), topics.replicationFactor()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(KafkaProperties kafka, TopicsProperties topics, MeterRegistry meters) {
        Map<String, Object> producer = kafka.buildProducerProperties();
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DeadLetterSerializer.class);
        KafkaTemplate<Object, Object> deadLetters = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                deadLetters, (record, exception) -> new TopicPartition(record.topic() + DLT_SUFFIX, -1));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setHeadersFunction((record, exception) -> new RecordHeaders(
                new Header[] {new RecordHeader(REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8))}));

        ExponentialBackOffWithMaxRetries backOff =
                new ExponentialBackOffWithMaxRetries(topics.retry().attempts());
        backOff.setInitialInterval(topics.retry().initialInterval().toMillis());
        backOff.setMaxInterval(topics.retry().maxInterval().toMillis());
        backOff.setMultiplier(2.0);

        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, exception) -> {
                    log.warn(
                            "Event dead-lettered topic={} partition={} offset={} key={} reason=\"{}\"",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            reason(exception));
                    meters.counter("kit.kafka.dead.lettered", "topic", record.topic())
                            .increment();
                    recoverer.accept(record, exception);
                },
                backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        ExponentialBackOff untilRecovered =
                new ExponentialBackOff(topics.retry().initialInterval().toMillis(), 2.0);
        untilRecovered.setMaxInterval(topics.retry().maxInterval().toMillis());
        handler.setBackOffFunction(
                (record, exception) -> TransientFailures.isTransient(exception) ? untilRecovered : null);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
        return handler;
    }

    /**
     * Why a record failed, in words: the message of the {@link InvalidEventException} inside the
     * wrappers Spring Kafka adds, else of the innermost cause.
     */
    static String reason(Throwable exception) {
        Throwable innermost = exception;
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException) {
                return t.getMessage();
            }
            innermost = t;
        }
        return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "kit.kafka.backlog.enabled", matchIfMissing = true)
    KafkaBacklog kafkaBacklog(
            KafkaAdmin kafkaAdmin,
            TopicsProperties topics,
            BacklogProperties backlog,
            MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        Set<String> watched = new LinkedHashSet<>(topics.names());
        watched.addAll(backlog.alsoWatch());
        return new KafkaBacklog(
                kafkaAdmin, List.copyOf(watched), meters, clock.getIfAvailable(Clock::systemUTC), backlog.interval());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin, Duration.ofSeconds(3));
    }
}
