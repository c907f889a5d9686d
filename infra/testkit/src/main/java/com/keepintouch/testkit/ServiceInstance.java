package com.keepintouch.testkit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole service started in this JVM on the real test broker and Mongo wire server, as a second
 * process would be: for tests of several instances, restarts and rebuilds, and for in-process
 * benchmarks. The clock is the test's.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param properties {@code key=value}; each replaces the default of the same key
     */
    public static ServiceInstance start(Class<?> application, String database, Clock clock, List<String> properties) {
        Infrastructure infrastructure = Infrastructure.get();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.mongodb.uri=" + infrastructure.mongoUri(),
                "--spring.mongodb.database=" + database,
                "--kit.security.jwt-secret=" + TestTokens.SECRET));
        for (String property : properties) {
            String key = property.substring(0, property.indexOf('='));
            args.removeIf(arg -> arg.startsWith("--" + key + "="));
            args.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                .run(args.toArray(String[]::new));
        return new ServiceInstance(context);
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
