package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.ReminderServiceApplication;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.ServiceInstance;
import com.keepintouch.testkit.SettableClock;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole reminder-service, started in this JVM on the real broker and Mongo wire server, as a second process would be. */
final class ReminderInstance implements AutoCloseable {

    private final ServiceInstance instance;

    private ReminderInstance(ServiceInstance instance) {
        this.instance = instance;
    }

    static ReminderInstance start(String database, String group, SettableClock clock, String... properties) {
        List<String> all =
                new ArrayList<>(List.of("kit.reminders.consumer-group=" + group, "kit.reminders.sweep-interval=100ms"));
        all.addAll(List.of(properties));
        return new ReminderInstance(ServiceInstance.start(ReminderServiceApplication.class, database, clock, all));
    }

    HttpApi as(String user, String scope) {
        return instance.as(user, scope);
    }

    ConfigurableApplicationContext context() {
        return instance.context();
    }

    MongoDatabase database() {
        return context().getBean(MongoDatabase.class);
    }

    DueSweep sweep() {
        return context().getBean(DueSweep.class);
    }

    @Override
    public void close() {
        instance.close();
    }
}
