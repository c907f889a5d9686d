package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.capture.calendar.Planning.Change;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code kit_capture_calendar_reads_total{via,outcome}}, {@code kit_capture_calendar_meetings_total}
 * and {@code kit_capture_calendar_planned_total{change}}.
 */
@Component
class CalendarMetrics {

    /** How a calendar came in: an imported file or a polled feed. */
    enum Via {
        IMPORT,
        FEED
    }

    /** How reading it went. */
    enum Outcome {
        /** Read and captured. */
        READ,
        /** Not iCalendar. */
        UNREADABLE,
        /** The feed could not be fetched (refused address, no answer, an error status, too large). */
        FAILED
    }

    private final MeterRegistry meters;

    CalendarMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void read(Via via, Outcome outcome) {
        meters.counter("kit.capture.calendar.reads", "via", label(via), "outcome", label(outcome))
                .increment();
    }

    void meetingRecorded() {
        meters.counter("kit.capture.calendar.meetings").increment();
    }

    /** Counts announced changes; an unchanged touch is not counted. */
    void planned(Change change) {
        if (change != Change.UNCHANGED) {
            meters.counter("kit.capture.calendar.planned", "change", label(change))
                    .increment();
        }
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
