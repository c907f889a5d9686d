package com.keepintouch.interaction;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** interaction-service: owns interactions (touchpoints) and publishes them on interactions.v1, keyed by contact. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InteractionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InteractionServiceApplication.class, args);
    }
}
