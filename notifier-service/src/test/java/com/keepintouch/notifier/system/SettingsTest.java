package com.keepintouch.notifier.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.support.ServiceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every default is in application.yml; a setting is changed by its relaxed name, or by an older documented one. */
class SettingsTest {

    @Test
    void applicationYmlGivesEveryWebhookSetting() {
        WebhookProperties webhooks = ServiceSettings.defaults().webhooks();

        assertThat(webhooks.retrySchedule().stream().map(Duration::toString))
                .containsExactly("PT5S", "PT5M", "PT30M", "PT2H", "PT5H", "PT10H", "PT10H");
        assertThat(webhooks.jitter()).isEqualTo(0.1);
        assertThat(webhooks.retryAfterMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(webhooks.retryAfterMax()).isEqualTo(Duration.ofHours(10));
        assertThat(webhooks.allowedNetworks()).isEmpty();
        assertThat(webhooks.attemptTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(webhooks.disableAfter()).isEqualTo(Duration.ofDays(5));
        assertThat(webhooks.lease()).isEqualTo(Duration.ofMinutes(1));
        assertThat(webhooks.maxConcurrency()).isEqualTo(32);
        assertThat(webhooks.ratePerSecond()).isEqualTo(1000);
        assertThat(webhooks.maxQueued()).isEqualTo(2000);
        assertThat(webhooks.recordBatchSize()).isEqualTo(1000);
        assertThat(webhooks.fanOutChunk()).isEqualTo(500);
        assertThat(webhooks.attemptLogSize()).isEqualTo(20);
        assertThat(webhooks.consumerGroup()).isEqualTo("notifier-service");
        assertThat(webhooks.schedule().maxAttempts()).isEqualTo(8);
    }

    @Test
    void applicationYmlGivesEveryEmailSetting() {
        EmailProperties email = ServiceSettings.defaults().email();

        assertThat(email.from()).isEqualTo("Keep in touch <reminders@keepintouch.local>");
        assertThat(email.fallbackAddress()).isEqualTo("ops@keepintouch.local");
        assertThat(email.apiUrl()).isEqualTo("http://localhost:8084");
        assertThat(email.digestCheckInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(email.senderThreads()).isEqualTo(4);
    }

    @Test
    void applicationYmlKeepsDeliveryBodiesTwoYearsAndAsksInteractionServiceBriefly() {
        RetentionProperties retention = ServiceSettings.defaults().retention();
        OpsProperties ops = ServiceSettings.defaults().ops();

        assertThat(retention.deliveryBodies()).isEqualTo(Duration.ofDays(730));
        assertThat(retention.removesDeliveryBodies()).isTrue();
        assertThat(retention.sweepInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(retention.batchSize()).isEqualTo(500);
        assertThat(ops.interactionServiceUrl()).isEqualTo("http://127.0.0.1:8082");
        assertThat(ops.interactionServiceTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aRetentionOfZeroKeepsBodiesForever() {
        RetentionProperties retention = ServiceSettings.withEnvironment(Map.of("KIT_RETENTION_DELIVERY_BODIES", "0"))
                .retention();

        assertThat(retention.removesDeliveryBodies()).isFalse();
    }

    @Test
    void aSettingIsChangedByTheEnvironmentVariableOfItsName() {
        WebhookProperties webhooks = ServiceSettings.withEnvironment(Map.of(
                        "KIT_WEBHOOKS_RETRY_SCHEDULE", "1s,2s",
                        "KIT_WEBHOOKS_LEASE", "90s",
                        "KIT_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128"))
                .webhooks();

        assertThat(webhooks.retrySchedule()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(webhooks.lease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(webhooks.allowedNetworks()).containsExactly("127.0.0.0/8", "::1/128");
    }

    @Test
    void theOlderDocumentedNamesStillWork() {
        ServiceSettings settings = ServiceSettings.withEnvironment(Map.of(
                "WEBHOOK_RETRY_SCHEDULE", "3s",
                "WEBHOOK_ATTEMPT_TIMEOUT", "4s",
                "WEBHOOK_DISABLE_AFTER", "1d",
                "WEBHOOK_MAX_CONCURRENCY", "8",
                "WEBHOOK_RATE_PER_SECOND", "50",
                "WEBHOOK_SECRET_KEY", "another-key",
                "NOTIFIER_CONSUMER_GROUP", "shadow",
                "EMAIL_FROM", "me@example.com",
                "EMAIL_FALLBACK_ADDRESS", "ops@example.com",
                "NOTIFIER_PUBLIC_URL", "https://kit.example.com"));

        WebhookProperties webhooks = settings.webhooks();
        assertThat(webhooks.retrySchedule()).isEqualTo(List.of(Duration.ofSeconds(3)));
        assertThat(webhooks.attemptTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(webhooks.disableAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(webhooks.maxConcurrency()).isEqualTo(8);
        assertThat(webhooks.ratePerSecond()).isEqualTo(50);
        assertThat(webhooks.secretKey()).isEqualTo("another-key");
        assertThat(webhooks.consumerGroup()).isEqualTo("shadow");
        EmailProperties email = settings.email();
        assertThat(email.from()).isEqualTo("me@example.com");
        assertThat(email.fallbackAddress()).isEqualTo("ops@example.com");
        assertThat(email.apiUrl()).isEqualTo("https://kit.example.com");
    }
}
