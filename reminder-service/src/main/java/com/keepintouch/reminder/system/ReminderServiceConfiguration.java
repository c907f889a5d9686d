package com.keepintouch.reminder.system;

import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.reminder.relationship.ReminderProperties;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collection whose documents carry an outbox, the agenda of checks, and the reminder settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReminderProperties.class)
class ReminderServiceConfiguration {

    @Bean
    OutboxSource relationshipsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("relationships"));
    }

    /**
     * When each relationship must be reassessed. Buckets of 10 minutes: a bucket stays a few
     * thousand entries when many relationships fall due together, and a sweep after a long pause
     * reads few documents.
     */
    @Bean
    Agenda relationshipAgenda(MongoDatabase database, Clock clock) {
        return new Agenda(database, "relationship_agenda", Duration.ofMinutes(10), clock);
    }
}
