package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.platform.system.PeriodicTask;
import org.springframework.stereotype.Component;

/** Every {@code kit.capture.calendar.poll-check-interval}, fetches the feeds whose time has come. */
@Component
class CalendarPoller extends PeriodicTask {

    private final CalendarFeedManagement feeds;

    CalendarPoller(CalendarFeedManagement feeds, CalendarProperties properties) {
        super("calendar-poller", properties.pollCheckInterval(), properties.pollCheckInterval());
        this.feeds = feeds;
    }

    @Override
    protected void runOnce() {
        feeds.pollDue();
    }
}
