package com.keepintouch.interaction.system;

import com.keepintouch.platform.outbox.OutboxSource;
import com.mongodb.client.MongoDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collections whose documents carry an outbox. */
@Configuration(proxyBeanMethods = false)
class InteractionServiceConfiguration {

    @Bean
    OutboxSource interactionsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("interactions"));
    }
}
