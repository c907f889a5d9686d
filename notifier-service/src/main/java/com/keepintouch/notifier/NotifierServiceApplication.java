package com.keepintouch.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** notifier-service: sends emails and signed webhooks for relationship events; publishes outcomes on notifications.v1. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierServiceApplication {

    /**
     * On a machine with 2 cores the JDK's common pool has parallelism 1, and CompletableFuture then
     * runs every asynchronous step (the JDK HttpClient has some) on a new thread: tens of thousands
     * of threads a minute under webhook load. A parallelism of at least 2 keeps them on the pool.
     * An explicit {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} wins.
     */
    static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        if (System.getProperty(COMMON_PARALLELISM) == null) {
            System.setProperty(
                    COMMON_PARALLELISM,
                    Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
        SpringApplication.run(NotifierServiceApplication.class, args);
    }
}
