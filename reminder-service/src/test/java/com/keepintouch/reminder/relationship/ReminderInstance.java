package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.ReminderServiceApplication;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole reminder-service, started in this JVM on the real broker and Mongo wire server, as a second process would be. */
final class ReminderInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ReminderInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ReminderInstance start(String database, String group, SettableClock clock, String... properties) {
        Infrastructure infrastructure = Infrastructure.get();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.mongodb.uri=" + infrastructure.mongoUri(),
                "--spring.mongodb.database=" + database,
                "--kit.security.jwt-secret=" + TestTokens.SECRET,
                "--kit.reminders.consumer-group=" + group,
                "--kit.reminders.sweep-interval=100ms"));
        for (String property : properties) {
            String key = property.substring(0, property.indexOf('='));
            args.removeIf(arg -> arg.startsWith("--" + key + "="));
            args.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ReminderServiceApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                .run(args.toArray(String[]::new));
        return new ReminderInstance(context);
    }

    HttpApi as(String user, String scope) {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return HttpApi.at(port).as(TestTokens.token(user, scope));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    MongoDatabase database() {
        return context.getBean(MongoDatabase.class);
    }

    DueSweep sweep() {
        return context.getBean(DueSweep.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
