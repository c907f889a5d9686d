package com.keepintouch.reminder.calendar;

import com.keepintouch.platform.domain.HttpLinks;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The calendar feeds ({@code kit.calendar-feed.*}; every default is in application.yml; the
 * sealing key is {@code kit.calendar-feed.secret-key}, read where the tokens are sealed).
 *
 * @param baseUrl where calendar applications reach this service; the feed addresses start with it,
 *     and its host is the domain of the events' UIDs
 * @param horizon how far ahead relationships falling due are in the feed
 * @param maxEvents the most events one feed holds, soonest due first
 * @param refreshInterval how often calendar applications are asked to fetch the feed again
 * @param cacheMaxAge how long a fetched feed may be reused without asking again
 */
@ConfigurationProperties("kit.calendar-feed")
record CalendarFeedProperties(
        URI baseUrl, Duration horizon, int maxEvents, Duration refreshInterval, Duration cacheMaxAge) {

    CalendarFeedProperties {
        if (baseUrl == null || HttpLinks.formRefusal(baseUrl).isPresent()) {
            throw new IllegalStateException("kit.calendar-feed.base-url must be an absolute http(s) URL with a host,"
                    + " e.g. https://reminders.example.org; "
                    + (baseUrl == null
                            ? "it is not set"
                            : HttpLinks.formRefusal(baseUrl).get()));
        }
        if (maxEvents < 1) {
            throw new IllegalStateException("kit.calendar-feed.max-events must be at least 1");
        }
    }

    /** The address of the feed with this token. */
    String feedUrl(FeedToken token) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return base + "/calendar/" + token.value() + ".ics";
    }

    /** The domain of the events' UIDs: the host of the base URL. */
    String uidDomain() {
        return baseUrl.getHost();
    }
}
