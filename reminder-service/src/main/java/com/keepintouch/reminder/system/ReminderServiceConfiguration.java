package com.keepintouch.reminder.system;

import com.keepintouch.platform.agenda.Agenda;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.reminder.relationship.ReminderProperties;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collections whose documents carry an outbox, the agenda of checks, and the reminder settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReminderProperties.class)
class ReminderServiceConfiguration {

    @Bean
    OutboxSource relationshipsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("relationships"));
    }

    /** When each relationship must be reassessed, in buckets of {@code kit.reminders.agenda-bucket}. */
    @Bean
    Agenda relationshipAgenda(MongoDatabase database, Clock clock, ReminderProperties properties) {
        return new Agenda(database, "relationship_agenda", properties.agendaBucket(), clock);
    }
}
