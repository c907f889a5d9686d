package com.keepintouch.reminder.calendar;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.Scope;
import com.keepintouch.reminder.calendar.CalendarFeedManagement.FeedAddress;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's calendar feed address, to subscribe to from a calendar application. It is the
 * caller's own, whoever calls (an admin too: it opens the owner's reminders to whoever holds it);
 * rotating it replaces it when it leaked.
 */
@RestController
@RequestMapping("/api/calendar-feed")
class CalendarFeedController {

    private final CalendarFeedManagement feeds;

    CalendarFeedController(CalendarFeedManagement feeds) {
        this.feeds = feeds;
    }

    record CalendarFeedResponse(String url, Instant createdAt, Instant rotatedAt) {

        static CalendarFeedResponse of(FeedAddress address) {
            return new CalendarFeedResponse(address.url(), address.createdAt(), address.rotatedAt());
        }

        @Override
        public String toString() {
            return "CalendarFeedResponse[url=hidden]";
        }
    }

    @GetMapping
    CalendarFeedResponse get(Caller caller) {
        return CalendarFeedResponse.of(feeds.addressOf(owner(caller)));
    }

    @PostMapping("/rotate")
    CalendarFeedResponse rotate(Caller caller) {
        return CalendarFeedResponse.of(feeds.rotate(owner(caller)));
    }

    /** The caller's own; ops keeps no relationships and has no feed. */
    private static String owner(Caller caller) {
        if (!caller.isAdmin() && !caller.scopes().contains(Scope.RECRUITER)) {
            throw RequestRefused.forbidden(
                    "A calendar feed belongs to a recruiter: this token reads across owners and keeps no relationships");
        }
        return caller.userId();
    }
}
