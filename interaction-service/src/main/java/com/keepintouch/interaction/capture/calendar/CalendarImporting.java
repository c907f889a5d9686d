package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.capture.calendar.CalendarMetrics.Outcome;
import com.keepintouch.interaction.capture.calendar.CalendarMetrics.Via;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Events;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Read;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Unreadable;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Imports an .ics file for the caller: its past meetings recorded, its future ones planned. */
@Service
class CalendarImporting {

    private static final Logger log = LoggerFactory.getLogger(CalendarImporting.class);

    private final CalendarCapture capture;
    private final CalendarProperties properties;
    private final CalendarMetrics metrics;
    private final Clock clock;

    CalendarImporting(CalendarCapture capture, CalendarProperties properties, CalendarMetrics metrics, Clock clock) {
        this.capture = capture;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    ImportCounts importFile(Caller caller, byte[] ics) {
        Instant now = clock.instant();
        Read read = read(properties, ics, now);
        if (read instanceof Unreadable unreadable) {
            metrics.read(Via.IMPORT, Outcome.UNREADABLE);
            throw RequestRefused.invalid("body", unreadable.reason());
        }
        ImportCounts counts =
                capture.capture(caller.userId(), (Events) read, now, null).counts();
        metrics.read(Via.IMPORT, Outcome.READ);
        log.info(
                "Calendar imported ownerId={} events={} meetingsRecorded={} plannedTouches={} unmatched={} invalid={}",
                caller.userId(),
                counts.events(),
                counts.meetingsRecorded(),
                counts.plannedTouches(),
                counts.unmatched(),
                counts.invalid());
        return counts;
    }

    /** A calendar read within the window the settings give around {@code now}. */
    static Read read(CalendarProperties properties, byte[] ics, Instant now) {
        return CalendarReader.read(
                ics,
                new CalendarReader.Limits(
                        now.minus(Duration.ofDays(properties.pastDays())),
                        now.plus(Duration.ofDays(properties.futureDays())),
                        properties.maxOccurrences(),
                        properties.maxSummary()));
    }
}
