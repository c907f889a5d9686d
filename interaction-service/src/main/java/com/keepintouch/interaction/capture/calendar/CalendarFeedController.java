package com.keepintouch.interaction.capture.calendar;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.keepintouch.interaction.capture.calendar.CalendarFeedManagement.NewFeed;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/calendars}: the ICS feeds an owner follows. Of a feed's address only its host is ever shown. */
@RestController
@RequestMapping("/api/calendars")
class CalendarFeedController {

    private final CalendarFeedManagement feeds;

    CalendarFeedController(CalendarFeedManagement feeds) {
        this.feeds = feeds;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FeedView(
            String id,
            String ownerId,
            String name,
            String url,
            String state,
            Instant createdAt,
            Instant lastPolledAt,
            String lastError,
            ImportCounts counts,
            Instant nextPollAt) {

        static FeedView of(CalendarFeed feed) {
            return new FeedView(
                    feed.id(),
                    feed.ownerId(),
                    feed.name(),
                    feed.urlHint(),
                    feed.state().name(),
                    feed.createdAt(),
                    feed.lastPolledAt(),
                    feed.lastError(),
                    feed.lastCounts(),
                    feed.nextPollAt());
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FeedView> create(Caller caller, @RequestBody NewFeed request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        CalendarFeed feed = feeds.create(caller, request);
        return ResponseEntity.created(URI.create("/api/calendars/" + feed.id())).body(FeedView.of(feed));
    }

    @GetMapping
    Page<FeedView> list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        Page<CalendarFeed> page = feeds.list(caller, ownerId, limit, cursor);
        return new Page<>(page.items().stream().map(FeedView::of).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    FeedView get(Caller caller, @PathVariable String id) {
        return FeedView.of(feeds.readable(caller, id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        feeds.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
