package com.keepintouch.reminder.calendar;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** The calendar feeds' settings, and their secret addresses kept out of the traces. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CalendarFeedProperties.class)
class CalendarFeedConfiguration {

    static final String FEED_PATHS = "/calendar/";
    static final String HIDDEN_URL = "/calendar/{token}.ics";

    /**
     * A server span records the request's path as {@code http.url}: for a feed that is its token,
     * the credential of the owner's reminders. The span keeps the path's pattern instead.
     */
    @Bean
    ObservationFilter calendarFeedTokenOutOfSpans() {
        return context -> {
            if (context instanceof ServerRequestObservationContext) {
                KeyValue url = context.getHighCardinalityKeyValue("http.url");
                if (url != null && url.getValue().startsWith(FEED_PATHS)) {
                    context.addHighCardinalityKeyValue(KeyValue.of("http.url", HIDDEN_URL));
                }
            }
            return context;
        };
    }
}
