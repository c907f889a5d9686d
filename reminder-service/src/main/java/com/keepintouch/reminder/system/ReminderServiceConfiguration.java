package com.keepintouch.reminder.system;

import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.reminder.relationship.ReminderProperties;
import com.mongodb.client.MongoDatabase;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collection whose documents carry an outbox, and the reminder settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReminderProperties.class)
class ReminderServiceConfiguration {

    @Bean
    OutboxSource relationshipsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("relationships"));
    }
}
