package com.keepintouch.notifier.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the operations summary asks other services ({@code kit.ops.*}); every default is in application.yml.
 *
 * @param interactionServiceUrl where interaction-service answers {@code GET /api/ops/retention}
 * @param interactionServiceTimeout how long the summary waits for it before it says it is unavailable
 */
@ConfigurationProperties("kit.ops")
public record OpsProperties(String interactionServiceUrl, Duration interactionServiceTimeout) {

    public OpsProperties {
        Settings.required("kit.ops", interactionServiceUrl, interactionServiceTimeout);
    }
}
