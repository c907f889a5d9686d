package com.keepintouch.platform.kafka;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topics a service declares (each with its {@code .DLT}) and how its consumers retry.
 *
 * @param names topics this service creates if missing, e.g. {@code contacts.v1}
 * @param partitions partitions of each topic; the key is the contactId, so this bounds consumer parallelism
 * @param replicationFactor replicas of each topic (1 on a single local broker)
 * @param retry back-off of a failing listener before the record goes to the dead-letter topic
 */
@ConfigurationProperties("kit.kafka.topics")
public record TopicsProperties(
        @DefaultValue List<String> names,
        int partitions,
        short replicationFactor,
        @DefaultValue Retry retry) {

    /**
     * @param attempts retries after the first failure
     * @param initialInterval wait before the first retry, doubling each time
     * @param maxInterval longest wait between two retries
     */
    public record Retry(
            @DefaultValue("4") int attempts,
            @DefaultValue("200ms") Duration initialInterval,
            @DefaultValue("5s") Duration maxInterval) {}
}
