package com.keepintouch.reminder.relationship;

import com.keepintouch.testkit.SettableClock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The clock of a reminder-service test context: it starts on 2026-06-01 and moves only when a test says so. */
@TestConfiguration(proxyBeanMethods = false)
public class ReminderTestClock {

    static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    @Bean
    SettableClock clock() {
        return new SettableClock(START);
    }
}
