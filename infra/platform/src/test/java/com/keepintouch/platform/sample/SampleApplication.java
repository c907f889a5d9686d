package com.keepintouch.platform.sample;

import com.keepintouch.platform.outbox.OutboxSource;
import com.mongodb.client.MongoDatabase;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A minimal service on the platform, as the four real services use it. */
@SpringBootApplication
public class SampleApplication {

    @Bean
    OutboxSource widgetsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection("widgets"));
    }
}
