package com.keepintouch.reminder.calendar;

import com.keepintouch.platform.security.OwnerTokens;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.reminder.relationship.DueReminders;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Issues each owner one calendar feed address, rotates it, and renders the feed an address names.
 * The tokens are {@link OwnerTokens} in {@code calendar_feeds}, sealed under {@code
 * kit.calendar-feed.secret-key} (so its owner can be shown the address again), looked up by their
 * SHA-256 on every fetch: a rotated address answers nothing on any instance at once.
 */
@Service
class CalendarFeedManagement {

    private final OwnerTokens tokens;
    private final CalendarFeedProperties properties;
    private final DueReminders reminders;

    CalendarFeedManagement(
            MongoDatabase database,
            CalendarFeedProperties properties,
            @Value("${kit.calendar-feed.secret-key}") String secretKey,
            Clock clock,
            DueReminders reminders) {
        this.tokens = new OwnerTokens(
                database.getCollection("calendar_feeds"),
                new SecretBox(secretKey, "calendar feed token", "kit.calendar-feed.secret-key"),
                () -> FeedToken.random().value(),
                clock,
                "Calendar feed");
        this.properties = properties;
        this.reminders = reminders;
    }

    /** An owner's feed address, as the owner is shown it. */
    record FeedAddress(String url, Instant createdAt, Instant rotatedAt) {

        @Override
        public String toString() {
            return "FeedAddress[url=hidden, createdAt=" + createdAt + ", rotatedAt=" + rotatedAt + "]";
        }
    }

    /** The owner's address, issued on the first call and the same on every later one until rotated. */
    FeedAddress addressOf(String ownerId) {
        return address(tokens.issuedTo(ownerId));
    }

    /** A new address for the owner; the previous one finds no feed from now on. */
    FeedAddress rotate(String ownerId) {
        return address(tokens.rotate(ownerId));
    }

    /** The feed of the owner whose current address has this token; empty for any other text. */
    Optional<ReminderCalendar.Rendered> feed(String token) {
        return FeedToken.of(token).flatMap(t -> tokens.ownerOf(t.value())).map(this::render);
    }

    private ReminderCalendar.Rendered render(String ownerId) {
        Instant now = reminders.now();
        return ReminderCalendar.render(
                reminders.of(ownerId, now, properties.horizon(), properties.maxEvents()),
                now,
                properties.uidDomain(),
                properties.refreshInterval());
    }

    private FeedAddress address(OwnerTokens.Issued issued) {
        FeedToken token = FeedToken.of(issued.token())
                .orElseThrow(() -> new IllegalStateException("a stored calendar feed token is not in form"));
        return new FeedAddress(properties.feedUrl(token), issued.createdAt(), issued.rotatedAt());
    }
}
