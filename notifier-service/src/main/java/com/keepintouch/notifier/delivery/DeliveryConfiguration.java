package com.keepintouch.notifier.delivery;

import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.outbox.OutboxSource;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The deliveries collection and its outbox, and the agenda of retries. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    OutboxSource deliveriesOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("deliveries"));
    }

    /**
     * When each delivery is due again. Buckets of 10 seconds: the first retry comes 5 seconds after a
     * failure, and a sweep each second reads one or two small documents.
     */
    @Bean
    Agenda deliveryAgenda(MongoDatabase database, Clock clock) {
        return new Agenda(database, "delivery_agenda", Duration.ofSeconds(10), clock);
    }
}
