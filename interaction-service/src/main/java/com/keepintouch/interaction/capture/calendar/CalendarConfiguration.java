package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.security.TargetGuard;
import com.mongodb.client.MongoDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The planned touches' outbox, and the feeds' address handling and fetcher. The secret box and the
 * SSRF guard are the calendar's own, not beans: other captures keep their own keys and allow-lists.
 */
@Configuration(proxyBeanMethods = false)
class CalendarConfiguration {

    @Bean
    OutboxSource plannedTouchesOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection(PlannedTouches.COLLECTION));
    }

    @Bean
    FeedAddresses feedAddresses(CalendarProperties properties) {
        return new FeedAddresses(
                new SecretBox(properties.secretKey(), "calendar feed address", "kit.capture.calendar.secret-key"),
                new TargetGuard(properties.addressPolicy(), TargetGuard.Resolver.system(), "calendar feeds"),
                properties.secretKey());
    }

    @Bean
    FeedFetcher feedFetcher(CalendarProperties properties, FeedAddresses addresses) {
        return new FeedFetcher(properties, addresses);
    }
}
