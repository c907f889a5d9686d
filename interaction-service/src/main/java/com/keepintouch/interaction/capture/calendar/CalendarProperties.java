package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.platform.security.AddressPolicy;
import com.keepintouch.platform.security.AddressPolicy.Cidr;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How calendars are read and feeds polled ({@code kit.capture.calendar.*}); every default is in
 * application.yml, each with a one-line comment.
 *
 * @param pastDays how far back events become meetings
 * @param futureDays how far ahead events become planned touches
 * @param maxSummary an event's title is kept as the summary up to this many characters
 * @param maxFeedSize the largest answer of a feed (an imported file is bounded by kit.web.max-upload-size)
 * @param maxOccurrences occurrences read from one file at most (recurrences expanded), the rest left out
 * @param maxFeedsPerOwner calendar feeds one owner may have
 * @param pollInterval how often each feed is fetched
 * @param pollCheckInterval how often an instance looks for feeds whose time to be fetched has come
 * @param pollLease how long an instance holds a feed it is fetching; then another may take it
 * @param pollBatch feeds one look takes at most
 * @param connectTimeout time to open a connection to a feed
 * @param fetchTimeout time limit of one fetch of a feed, until its last byte
 * @param fetchRetries retries of a fetch that failed or timed out, with back-off
 * @param fetchRetryBackoff wait before the first retry; each further one doubles
 * @param maxRedirects redirects of a feed followed, each checked like the feed's own address
 * @param allowedNetworks networks a feed may be at although they are private, loopback or link-local
 */
@ConfigurationProperties("kit.capture.calendar")
public record CalendarProperties(
        int pastDays,
        int futureDays,
        int maxSummary,
        DataSize maxFeedSize,
        int maxOccurrences,
        int maxFeedsPerOwner,
        Duration pollInterval,
        Duration pollCheckInterval,
        Duration pollLease,
        int pollBatch,
        Duration connectTimeout,
        Duration fetchTimeout,
        int fetchRetries,
        Duration fetchRetryBackoff,
        int maxRedirects,
        List<String> allowedNetworks) {

    public CalendarProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        for (Object value : new Object[] {
            maxFeedSize, pollInterval, pollCheckInterval, pollLease, connectTimeout, fetchTimeout, fetchRetryBackoff
        }) {
            if (value == null) {
                throw new IllegalStateException(
                        "a kit.capture.calendar.* setting has no value; its default belongs in application.yml");
            }
        }
        for (int count : new int[] {pastDays, futureDays, maxSummary, maxOccurrences, maxFeedsPerOwner, pollBatch}) {
            if (count < 1) {
                throw new IllegalStateException(
                        "a kit.capture.calendar.* count is " + count + "; it must be at least 1 (see application.yml)");
            }
        }
        if (fetchRetries < 0 || maxRedirects < 0) {
            throw new IllegalStateException("kit.capture.calendar.fetch-retries and max-redirects are 0 or more");
        }
        allowedNetworks.stream().filter(s -> !s.isBlank()).forEach(Cidr::parse);
    }

    AddressPolicy addressPolicy() {
        return new AddressPolicy(allowedNetworks.stream()
                .filter(s -> !s.isBlank())
                .map(Cidr::parse)
                .toList());
    }
}
