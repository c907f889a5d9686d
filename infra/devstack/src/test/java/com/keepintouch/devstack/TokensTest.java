package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokensTest {

    private final Settings settings = Settings.fromEnvironment(Path.of("."));

    @Test
    void printsATokenWithTheAskedSubjectAndScopes() {
        String token = Devstack.token(settings, new String[] {"token", "--sub", "bob", "--scope", "recruiter ops"});

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"sub\":\"bob\"", "\"scope\":\"recruiter ops\"", "\"exp\":");
    }

    @Test
    void refusesUnknownScopesAndOptions() {
        assertThatThrownBy(() -> Devstack.token(settings, new String[] {"token", "--scope", "god"}))
                .hasMessageContaining("unknown scope 'god'");
        assertThatThrownBy(() -> Devstack.token(settings, new String[] {"token", "--user", "bob"}))
                .hasMessageContaining("unknown option '--user'");
        assertThatThrownBy(() -> Devstack.token(settings, new String[] {"token", "--sub"}))
                .hasMessageContaining("--sub needs a value");
    }

    @Test
    void readsLifetimes() {
        assertThat(Devstack.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Devstack.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Devstack.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> Devstack.parseDuration("soon")).hasMessageContaining("--ttl takes");
    }

    @Test
    void refusesASecretTooShortForHs256() {
        Settings shortSecret = new Settings(
                settings.root(),
                settings.data(),
                settings.host(),
                settings.kafkaPort(),
                settings.kafkaControllerPort(),
                settings.mongoPort(),
                settings.smtpPort(),
                settings.imapPort(),
                settings.mailApiPort(),
                settings.captureSmtpPort(),
                settings.captureSmtpInstancePorts(),
                settings.servicePorts(),
                settings.instances(),
                settings.instancePorts(),
                "short",
                settings.serviceHeap(),
                settings.java(),
                settings.classpath(),
                settings.serviceEnvironment());

        assertThatThrownBy(() -> Devstack.token(shortSecret, new String[] {"token"}))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void usesTheDocumentedDefaultPorts() {
        assertThat(settings.ports())
                .containsEntry("kafka", 9092)
                .containsEntry("mongo", 27017)
                .containsEntry("contact-service", 8081)
                .containsEntry("capture smtp (interaction-service)", 2525)
                .containsEntry("notifier-service", 8084);
    }
}
