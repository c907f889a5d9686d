package com.keepintouch.notifier.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long stored bodies are kept ({@code kit.retention.*}); every default is in application.yml.
 *
 * @param deliveryBodies webhook payloads and email bodies older than this are removed by a sweep;
 *     {@code 0} keeps them forever
 * @param sweepInterval how often the sweep runs
 * @param batchSize bodies removed per write; a sweep goes on until none is left
 */
@ConfigurationProperties("kit.retention")
public record RetentionProperties(Duration deliveryBodies, Duration sweepInterval, int batchSize) {

    public RetentionProperties {
        Settings.required("kit.retention", deliveryBodies, sweepInterval);
        Settings.positive("kit.retention", batchSize);
        if (deliveryBodies.isNegative()) {
            throw new IllegalStateException("kit.retention.delivery-bodies is negative; 0 keeps bodies forever");
        }
    }

    /** Whether bodies are removed at all. */
    public boolean removesDeliveryBodies() {
        return !deliveryBodies.isZero();
    }
}
