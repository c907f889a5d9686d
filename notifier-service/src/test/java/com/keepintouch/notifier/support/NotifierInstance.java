package com.keepintouch.notifier.support;

import com.keepintouch.notifier.NotifierServiceApplication;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole notifier-service, started in this JVM on the real broker and Mongo wire server, as a process would be. */
public final class NotifierInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private NotifierInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static NotifierInstance start(String database, String group, SettableClock clock, String... properties) {
        return start(database, group, (java.time.Clock) clock, properties);
    }

    public static NotifierInstance start(String database, String group, java.time.Clock clock, String... properties) {
        Infrastructure infrastructure = Infrastructure.get();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.mongodb.uri=" + infrastructure.mongoUri(),
                "--spring.mongodb.database=" + database,
                "--kit.security.jwt-secret=" + TestTokens.SECRET,
                "--kit.webhooks.consumer-group=" + group,
                "--kit.webhooks.allowed-networks=127.0.0.0/8",
                "--kit.webhooks.sweep-interval=100ms",
                "--kit.webhooks.stuck-scan-interval=500ms"));
        for (String property : properties) {
            String key = property.substring(0, property.indexOf('='));
            args.removeIf(arg -> arg.startsWith("--" + key + "="));
            args.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NotifierServiceApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                .run(args.toArray(String[]::new));
        return new NotifierInstance(context);
    }

    public HttpApi as(String user, String scope) {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return HttpApi.at(port).as(TestTokens.token(user, scope));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
