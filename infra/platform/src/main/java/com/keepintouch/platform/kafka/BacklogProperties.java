package com.keepintouch.platform.kafka;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a service measures the backlog of its topics (consumer lag, dead-letter depth).
 *
 * @param enabled whether it measures at all
 * @param interval time between two measurements (each is a handful of admin requests)
 * @param alsoWatch topics to measure besides the service's own (the dashboard's host watches all)
 */
@ConfigurationProperties("kit.kafka.backlog")
public record BacklogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration interval,
        @DefaultValue List<String> alsoWatch) {}
