package com.keepintouch.notifier.delivery;

import com.keepintouch.platform.agenda.Agenda;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The agenda of retries. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /**
     * When each delivery is due again. Buckets of 10 seconds: the first retry comes 5 seconds after a
     * failure, and a sweep each second reads one or two small documents. Not a setting: entries filed
     * in buckets of one size are not found by a sweep that reads buckets of another.
     */
    @Bean
    Agenda deliveryAgenda(MongoDatabase database, Clock clock) {
        return new Agenda(database, "delivery_agenda", Duration.ofSeconds(10), clock);
    }
}
