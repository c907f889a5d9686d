package com.keepintouch.contact.system;

import com.keepintouch.platform.outbox.OutboxSource;
import com.mongodb.client.MongoDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collections whose documents carry an outbox. */
@Configuration(proxyBeanMethods = false)
class ContactServiceConfiguration {

    @Bean
    OutboxSource contactsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("contacts"));
    }
}
