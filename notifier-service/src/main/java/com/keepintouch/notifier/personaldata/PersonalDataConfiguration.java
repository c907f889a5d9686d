package com.keepintouch.notifier.personaldata;

import com.keepintouch.platform.outbox.OutboxSource;
import com.mongodb.client.MongoDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox of the erasure confirmations: the one collection of notifier-service whose documents carry events. */
@Configuration(proxyBeanMethods = false)
class PersonalDataConfiguration {

    @Bean
    OutboxSource erasureConfirmationsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection(ErasureConfirmations.COLLECTION));
    }
}
