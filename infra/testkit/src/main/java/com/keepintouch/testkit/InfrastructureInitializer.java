package com.keepintouch.testkit;

import java.util.Map;
import java.util.UUID;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Adds the addresses of the real test infrastructure to a Spring test context. */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Infrastructure infrastructure = Infrastructure.get();
        // every query the service sends is recorded, for QueryLog.assertServedByIndexes
        context.getBeanFactory().registerSingleton("testkitQueryLog", (MongoClientSettingsBuilderCustomizer)
                builder -> builder.addCommandListener(QueryLog.listener()));
        String database = "test-" + UUID.randomUUID().toString().substring(0, 8);
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testkit-infrastructure",
                        Map.of(
                                "spring.kafka.bootstrap-servers",
                                infrastructure.kafkaBootstrapServers(),
                                "spring.mongodb.uri",
                                infrastructure.mongoUri(),
                                "spring.mongodb.database",
                                database,
                                "kit.security.jwt-secret",
                                TestTokens.SECRET)));
    }
}
