package com.keepintouch.contact;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** contact-service: owns contacts and publishes every change of them on contacts.v1. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ContactServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContactServiceApplication.class, args);
    }
}
