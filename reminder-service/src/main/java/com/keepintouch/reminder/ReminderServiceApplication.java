package com.keepintouch.reminder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** reminder-service: keeps a relationship state per contact and publishes its transitions on relationships.v1. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReminderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReminderServiceApplication.class, args);
    }
}
