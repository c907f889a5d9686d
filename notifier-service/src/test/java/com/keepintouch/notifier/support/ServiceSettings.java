package com.keepintouch.notifier.support;

import com.keepintouch.notifier.system.EmailProperties;
import com.keepintouch.notifier.system.OpsProperties;
import com.keepintouch.notifier.system.RetentionProperties;
import com.keepintouch.notifier.system.WebhookProperties;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The service's settings as application.yml gives them, under environment variables a test sets, bound as Boot binds them. */
public final class ServiceSettings {

    private final Binder binder;

    private ServiceSettings(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource("environment", environment));
        try {
            List<PropertySource<?>> yaml =
                    new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
            yaml.forEach(sources::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        sources.addLast(new MapPropertySource("none", Map.of()));
        this.binder = new Binder(
                ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
    }

    /** application.yml alone. */
    public static ServiceSettings defaults() {
        return new ServiceSettings(Map.of());
    }

    /** application.yml under these environment variables. */
    public static ServiceSettings withEnvironment(Map<String, Object> variables) {
        return new ServiceSettings(variables);
    }

    public WebhookProperties webhooks() {
        return binder.bind("kit.webhooks", WebhookProperties.class).get();
    }

    public RetentionProperties retention() {
        return binder.bind("kit.retention", RetentionProperties.class).get();
    }

    public OpsProperties ops() {
        return binder.bind("kit.ops", OpsProperties.class).get();
    }

    public EmailProperties email() {
        return binder.bind("kit.email", EmailProperties.class).get();
    }
}
