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

    /** Each erasure, with contact-service's own erasure.confirmed. */
    @Bean
    OutboxSource erasuresOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("erasures"));
    }

    /** One document per audit entry, with its audit.recorded. */
    @Bean
    OutboxSource auditOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("audit_events"));
    }
}
