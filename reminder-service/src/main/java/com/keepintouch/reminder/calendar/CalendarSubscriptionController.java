package com.keepintouch.reminder.calendar;

import com.keepintouch.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /calendar/{token}.ics}: the feed calendar applications subscribe to. It takes no
 * bearer token (they cannot send one): the secret address is the credential, and a wrong, rotated
 * or never issued one is the same 404.
 */
@RestController
class CalendarSubscriptionController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    private final CalendarFeedManagement feeds;
    private final CacheControl cacheControl;

    CalendarSubscriptionController(CalendarFeedManagement feeds, CalendarFeedProperties properties) {
        this.feeds = feeds;
        this.cacheControl = CacheControl.maxAge(properties.cacheMaxAge()).cachePrivate();
    }

    @Operation(summary = "The caller's reminders as iCalendar, at the secret address GET /api/calendar-feed gives")
    @GetMapping("/calendar/{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token) {
        ReminderCalendar.Rendered feed = feeds.feed(token)
                .orElseThrow(
                        () -> new ApiException(
                                HttpStatus.NOT_FOUND,
                                "Not found",
                                "There is no calendar feed at this address; its owner finds the current one at GET /api/calendar-feed"));
        // Spring answers a matching If-None-Match with 304 and no body. No Last-Modified: an event that
        // leaves the feed would not move it on, and a client asking by date would keep the stale one.
        String etag = "\""
                + DigestUtils.sha256Hex(feed.text().getBytes(StandardCharsets.UTF_8))
                        .substring(0, 32) + "\"";
        return ResponseEntity.ok()
                .contentType(TEXT_CALENDAR)
                .eTag(etag)
                .cacheControl(cacheControl)
                .body(feed.text());
    }
}
