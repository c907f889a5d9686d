package com.keepintouch.notifier.support;

import com.keepintouch.notifier.NotifierServiceApplication;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.ServiceInstance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole notifier-service, started in this JVM on the real broker and Mongo wire server, as a process would be. */
public final class NotifierInstance implements AutoCloseable {

    private final ServiceInstance instance;

    private NotifierInstance(ServiceInstance instance) {
        this.instance = instance;
    }

    public static NotifierInstance start(String database, String group, Clock clock, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "kit.webhooks.consumer-group=" + group,
                "kit.webhooks.allowed-networks=127.0.0.0/8",
                "kit.webhooks.sweep-interval=100ms",
                "kit.webhooks.stuck-scan-interval=500ms"));
        all.addAll(List.of(properties));
        return new NotifierInstance(ServiceInstance.start(NotifierServiceApplication.class, database, clock, all));
    }

    public HttpApi as(String user, String scope) {
        return instance.as(user, scope);
    }

    public ConfigurableApplicationContext context() {
        return instance.context();
    }

    @Override
    public void close() {
        instance.close();
    }
}
