package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.reminder.relationship.domain.ReminderSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The settings the rules' unit tests use are the ones the service ships with. */
class ReminderPropertiesTest {

    private static ReminderProperties shipped() throws IOException {
        List<PropertySource<?>> yaml =
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        return new Binder(ConfigurationPropertySources.from(yaml), new PropertySourcesPlaceholdersResolver(yaml))
                .bind("kit.reminders", ReminderProperties.class)
                .get();
    }

    @Test
    void applicationYmlHoldsTheSettingsOfTheRulesUnitTests() throws IOException {
        assertThat(shipped().settings()).isEqualTo(ReminderSettings.defaults());
    }

    @Test
    void applicationYmlHoldsEveryOtherDefault() throws IOException {
        ReminderProperties shipped = shipped();

        assertThat(shipped.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(shipped.emitTransitions()).isTrue();
        assertThat(shipped.consumerGroup()).isEqualTo("reminder-service");
        assertThat(shipped.agendaBucket()).isEqualTo(Duration.ofMinutes(10));
        assertThat(shipped.statusGaugesInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(shipped.statusGaugesInitialDelay()).isEqualTo(Duration.ofSeconds(5));
    }
}
