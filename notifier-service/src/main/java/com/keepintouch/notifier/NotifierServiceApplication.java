package com.keepintouch.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** notifier-service: sends emails and signed webhooks for relationship events; publishes outcomes on notifications.v1. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotifierServiceApplication.class, args);
    }
}
