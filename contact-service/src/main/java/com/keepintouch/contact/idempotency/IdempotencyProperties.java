package com.keepintouch.contact.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long an {@code Idempotency-Key} holds ({@code kit.idempotency.*}; every default is in
 * application.yml).
 *
 * @param retention how long the answer to a key is replayed, from its first request; then the key
 *     is free again, and MongoDB deletes it (a TTL index)
 * @param runningTimeout how long a key whose first request has not finished is held; older, that
 *     request is taken to have died with its instance and the key is free again. Longer than any
 *     request runs: the proxy in front gives up on an answer after 60 s
 */
@ConfigurationProperties("kit.idempotency")
record IdempotencyProperties(Duration retention, Duration runningTimeout) {

    IdempotencyProperties {
        if (retention == null || runningTimeout == null) {
            throw new IllegalStateException(
                    "kit.idempotency.retention and kit.idempotency.running-timeout must be set");
        }
        if (runningTimeout.isNegative() || runningTimeout.isZero()) {
            throw new IllegalStateException("kit.idempotency.running-timeout must be longer than nothing");
        }
        if (retention.getNano() != 0 || retention.compareTo(runningTimeout) <= 0) {
            throw new IllegalStateException("kit.idempotency.retention must be whole seconds, longer than"
                    + " kit.idempotency.running-timeout (a running key must not expire before its request ends)");
        }
    }
}
