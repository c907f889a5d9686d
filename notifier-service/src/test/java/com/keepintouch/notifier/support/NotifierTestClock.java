package com.keepintouch.notifier.support;

import com.keepintouch.testkit.SettableClock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The clock of a notifier test context: it starts on 2026-03-28 (before Europe's DST change) and moves only when a test says so. */
@TestConfiguration(proxyBeanMethods = false)
public class NotifierTestClock {

    public static final Instant START = Instant.parse("2026-03-28T00:00:00Z");

    @Bean
    SettableClock clock() {
        return new SettableClock(START);
    }
}
