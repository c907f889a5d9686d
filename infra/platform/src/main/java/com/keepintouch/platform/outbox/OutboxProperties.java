package com.keepintouch.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay.
 *
 * @param enabled whether the relay runs in this instance
 * @param pollInterval how long the relay waits when it found nothing to publish (a local write wakes it at once)
 * @param batchSize documents read per scan
 * @param sendTimeout how long to wait for the broker's acknowledgement of a batch
 * @param leaseDuration how long one instance holds the right to publish before another may take it over
 * @param fullScanInterval how often the lease holder scans every source for events no process announced (left by a
 *     crash, or written by another instance); writes of this process are published at once without a scan
 */
@ConfigurationProperties("kit.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("10s") Duration leaseDuration,
        @DefaultValue("30s") Duration fullScanInterval) {}
