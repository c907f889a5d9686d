package com.keepintouch.interaction.capture.calendar;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An ICS feed an owner follows, fetched every {@code kit.capture.calendar.poll-interval}.
 *
 * @param sealedUrl the address, sealed ({@link FeedAddresses}); never shown
 * @param urlHint its host and an ellipsis, what is shown of it
 * @param urlDigest a keyed digest of the address, to find a second feed of the same calendar
 * @param lastError why the latest fetch failed, a sentence; null when it worked
 * @param lastCounts what the latest successful fetch captured; null before one
 * @param leaseUntil while in the future, an instance is fetching the feed
 */
record CalendarFeed(
        String id,
        String ownerId,
        String name,
        String sealedUrl,
        String urlHint,
        String urlDigest,
        State state,
        Instant createdAt,
        Instant lastPolledAt,
        String lastError,
        ImportCounts lastCounts,
        Instant nextPollAt,
        Instant leaseUntil) {

    /** The form of a feed's id: {@code cal_} and 24 hex digits. */
    static final Pattern ID_FORM = Pattern.compile("cal_[0-9a-f]{24}");

    /** How the feed's latest fetch went. */
    enum State {
        /** Not fetched yet. */
        PENDING,
        /** Fetched and read. */
        OK,
        /** The latest fetch failed ({@code lastError}); it is tried again at the next interval. */
        FAILING
    }
}
