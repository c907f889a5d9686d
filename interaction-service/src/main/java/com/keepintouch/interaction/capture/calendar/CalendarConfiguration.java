package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.security.TargetGuard;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The planned touches' outbox, and the feeds' address handling and fetcher. The addresses are sealed
 * with capture's one key ({@code kit.capture.secret-key}); the SSRF guard has the calendar's own
 * allow-list. Neither is a bean: each capture builds its own from its settings.
 */
@Configuration(proxyBeanMethods = false)
class CalendarConfiguration {

    @Bean
    OutboxSource plannedTouchesOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection(PlannedTouches.COLLECTION));
    }

    @Bean
    FeedAddresses feedAddresses(CalendarProperties properties, @Value("${kit.capture.secret-key}") String secretKey) {
        return new FeedAddresses(
                new SecretBox(secretKey, "calendar feed address", "kit.capture.secret-key"),
                new TargetGuard(properties.addressPolicy(), TargetGuard.Resolver.system(), "calendar feeds"),
                secretKey);
    }

    @Bean
    FeedFetcher feedFetcher(CalendarProperties properties, FeedAddresses addresses) {
        return new FeedFetcher(properties, addresses);
    }
}
