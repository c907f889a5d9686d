package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.capture.calendar.CalendarCapture.Captured;
import com.keepintouch.interaction.capture.calendar.CalendarFeed.State;
import com.keepintouch.interaction.capture.calendar.CalendarMetrics.Outcome;
import com.keepintouch.interaction.capture.calendar.CalendarMetrics.Via;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Events;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Read;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Unreadable;
import com.keepintouch.interaction.capture.calendar.FeedFetcher.FeedFailed;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.security.Caller;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The calendar feeds an owner follows, and their fetching: each feed is read like an imported file,
 * and what it no longer shows of its planned touches (an event removed, or a contact no longer
 * invited) is called off. Deleting a feed calls off its touches still ahead.
 */
@Service
class CalendarFeedManagement {

    private static final Logger log = LoggerFactory.getLogger(CalendarFeedManagement.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_NAME = 200;

    private final CalendarFeeds feeds;
    private final FeedAddresses addresses;
    private final FeedFetcher fetcher;
    private final CalendarCapture capture;
    private final CalendarProperties properties;
    private final CalendarMetrics metrics;
    private final Clock clock;

    CalendarFeedManagement(
            CalendarFeeds feeds,
            FeedAddresses addresses,
            FeedFetcher fetcher,
            CalendarCapture capture,
            CalendarProperties properties,
            CalendarMetrics metrics,
            Clock clock) {
        this.feeds = feeds;
        this.addresses = addresses;
        this.fetcher = fetcher;
        this.capture = capture;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What a new feed is asked to be (the body of {@code POST /api/calendars}). */
    record NewFeed(String url, String name) {}

    CalendarFeed create(Caller caller, NewFeed request) {
        URI url = addresses.parse(request.url());
        String name = request.name() == null || request.name().isBlank()
                ? null
                : request.name().strip();
        if (name != null && name.length() > MAX_NAME) {
            throw RequestRefused.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        Optional<String> refusal = addresses.refusal(url);
        if (refusal.isPresent()) {
            throw RequestRefused.unprocessable("url: " + refusal.get());
        }
        String owner = caller.userId();
        if (feeds.countOf(owner) >= properties.maxFeedsPerOwner()) {
            throw RequestRefused.unprocessable(
                    "You follow " + properties.maxFeedsPerOwner() + " calendar feeds already; delete one first");
        }
        String digest = addresses.digest(url);
        if (feeds.hasAddress(owner, digest)) {
            throw RequestRefused.conflict("You follow this calendar feed already", Map.of());
        }
        Instant now = clock.instant();
        CalendarFeed feed = new CalendarFeed(
                newId(),
                owner,
                name,
                addresses.seal(url),
                FeedAddresses.hint(url),
                digest,
                State.PENDING,
                now,
                null,
                null,
                null,
                now,
                null);
        feeds.insert(feed);
        log.info("Calendar feed created feedId={} ownerId={} host={}", feed.id(), owner, feed.urlHint());
        return feed;
    }

    /** The feed if the caller may see it: their own, or any for ops and admin; else 404. */
    CalendarFeed readable(Caller caller, String id) {
        return feeds.find(id)
                .filter(f -> caller.readsAllOwners() || caller.userId().equals(f.ownerId()))
                .orElseThrow(() -> RequestRefused.notFound("Calendar feed", id));
    }

    Page<CalendarFeed> list(Caller caller, String ownerId, int limit, String cursor) {
        PageRequest page = PageRequest.byId(limit, cursor, CalendarFeed.ID_FORM);
        return page.page(
                feeds.list(caller.readableOwners(ownerId), page), f -> Position.of(f.id()), Function.identity());
    }

    void delete(Caller caller, String id) {
        CalendarFeed feed = readable(caller, id);
        if (!caller.mayAccess(feed.ownerId())) {
            throw RequestRefused.forbidden(
                    "You may read calendar feed " + id + " but not delete it: it is another owner's");
        }
        if (!feeds.delete(id)) {
            throw RequestRefused.notFound("Calendar feed", id);
        }
        int cancelled = capture.cancelMissing(id, java.util.Set.of(), clock.instant());
        log.info(
                "Calendar feed deleted feedId={} ownerId={} plannedTouchesCancelled={}", id, feed.ownerId(), cancelled);
    }

    /** Fetches the feeds whose time has come and that no other instance is fetching; returns how many. */
    int pollDue() {
        int polled = 0;
        for (String id : feeds.due(clock.instant(), properties.pollBatch())) {
            Instant now = clock.instant();
            Optional<CalendarFeed> leased = feeds.lease(id, now, now.plus(properties.pollLease()));
            if (leased.isPresent()) {
                poll(leased.get());
                polled++;
            }
        }
        return polled;
    }

    private void poll(CalendarFeed feed) {
        String error = null;
        ImportCounts counts = null;
        try {
            byte[] ics = fetcher.fetch(addresses.open(feed.sealedUrl()));
            Instant now = clock.instant();
            Read read = CalendarImporting.read(properties, ics, now);
            if (read instanceof Unreadable unreadable) {
                error = unreadable.reason();
                metrics.read(Via.FEED, Outcome.UNREADABLE);
            } else {
                Captured captured = capture.capture(feed.ownerId(), (Events) read, now, feed.id());
                // a feed read only in part cannot tell that what it did not show is gone
                int cancelled =
                        ((Events) read).complete() ? capture.cancelMissing(feed.id(), captured.plannedIds(), now) : 0;
                ImportCounts c = captured.counts();
                counts = new ImportCounts(
                        c.events(),
                        c.meetingsRecorded(),
                        c.alreadyKnown(),
                        c.plannedTouches() + cancelled,
                        c.unmatched(),
                        c.invalid());
                metrics.read(Via.FEED, Outcome.READ);
            }
        } catch (FeedFailed e) {
            error = e.getMessage();
            metrics.read(Via.FEED, Outcome.FAILED);
        } catch (RequestRefused e) {
            // an occurrence the recording path refuses: the feed says so, and is read again next time
            error = "The feed could not be captured: " + e.getMessage();
            metrics.read(Via.FEED, Outcome.FAILED);
        }
        Instant done = clock.instant();
        boolean stored = feeds.polled(feed, done, error, counts, done.plus(properties.pollInterval()));
        if (error != null) {
            log.warn("Calendar feed not read feedId={} ownerId={} reason={}", feed.id(), feed.ownerId(), error);
        } else {
            log.info(
                    "Calendar feed read feedId={} ownerId={} events={} meetingsRecorded={} plannedTouches={} stored={}",
                    feed.id(),
                    feed.ownerId(),
                    counts.events(),
                    counts.meetingsRecorded(),
                    counts.plannedTouches(),
                    stored);
        }
    }

    private static String newId() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "cal_" + HexFormat.of().formatHex(random);
    }
}
