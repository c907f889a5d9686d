package com.keepintouch.interaction.capture.calendar;

import static com.keepintouch.interaction.capture.calendar.Ics.attendee;
import static com.keepintouch.interaction.capture.calendar.Ics.organizer;
import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.interaction.capture.calendar.CalendarReader.Events;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Limits;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Occurrence;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Read;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Unreadable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarReaderTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Limits WINDOW = new Limits(NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(90)), 1000, 200);

    static List<Occurrence> occurrences(Read read) {
        assertThat(read).isInstanceOf(Events.class);
        return ((Events) read).occurrences();
    }

    @Test
    void readsTimesTitlesAndPeopleLowercased() {
        Read read = CalendarReader.read(
                Ics.calendar()
                        .event(
                                "a@x",
                                NOW.minus(Duration.ofDays(2)),
                                "Coffee",
                                organizer("Me@Example.com"),
                                attendee("JILL@example.com"),
                                "ATTENDEE:tel:+4912345")
                        .bytes(),
                WINDOW);

        Occurrence coffee = occurrences(read).get(0);
        assertThat(coffee.uid()).isEqualTo("a@x");
        assertThat(coffee.recurrenceId()).isNull();
        assertThat(coffee.start()).isEqualTo(NOW.minus(Duration.ofDays(2)));
        assertThat(coffee.summary()).isEqualTo("Coffee");
        assertThat(coffee.organizer()).isEqualTo("me@example.com");
        assertThat(coffee.attendees()).containsExactly("jill@example.com");
        assertThat(coffee.cancelled()).isFalse();
    }

    @Test
    void expandsRecurrencesWithinTheWindowAndPutsOverridesInPlace() {
        Instant first = Instant.parse("2026-11-03T10:00:00Z");
        Read read = CalendarReader.read(
                Ics.calendar()
                        .event("weekly@x", first, "Weekly", "RRULE:FREQ=WEEKLY;COUNT=6", attendee("jill@example.com"))
                        .event(
                                "weekly@x",
                                Instant.parse("2026-11-18T15:00:00Z"),
                                "Moved",
                                "RECURRENCE-ID:20261117T100000Z",
                                attendee("jill@example.com"))
                        .bytes(),
                WINDOW);

        List<Occurrence> all = occurrences(read);
        assertThat(all).hasSize(6);
        assertThat(all)
                .extracting(Occurrence::recurrenceId)
                .containsExactlyInAnyOrder(
                        "20261103T100000Z",
                        "20261110T100000Z",
                        "20261117T100000Z",
                        "20261124T100000Z",
                        "20261201T100000Z",
                        "20261208T100000Z");
        Occurrence moved = all.stream()
                .filter(o -> "20261117T100000Z".equals(o.recurrenceId()))
                .findFirst()
                .orElseThrow();
        assertThat(moved.start()).isEqualTo(Instant.parse("2026-11-18T15:00:00Z"));
        assertThat(moved.summary()).isEqualTo("Moved");
    }

    @Test
    void leavesOutWhatIsOutsideTheWindowAndCountsEventsWithoutUidOrStart() {
        String ics = Ics.calendar()
                .event("old@x", NOW.minus(Duration.ofDays(400)), "Long ago")
                .event("far@x", NOW.plus(Duration.ofDays(100)), "Far ahead")
                .text()
                .replace(
                        "END:VCALENDAR",
                        "BEGIN:VEVENT\r\nSUMMARY:no uid\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR");

        Read read = CalendarReader.read(ics.getBytes(StandardCharsets.UTF_8), WINDOW);

        assertThat(occurrences(read)).isEmpty();
        assertThat(((Events) read).invalid()).isEqualTo(1);
    }

    @Test
    void anEventRecurringByTheMinuteIsLeftOut() {
        Read read = CalendarReader.read(
                Ics.calendar()
                        .event("flood@x", NOW.minus(Duration.ofDays(300)), "Flood", "RRULE:FREQ=MINUTELY")
                        .bytes(),
                WINDOW);

        assertThat(occurrences(read)).isEmpty();
        assertThat(((Events) read).invalid()).isEqualTo(1);
    }

    @Test
    void cancelledEventsAndCancellationsAreCancelled() {
        Read status = CalendarReader.read(
                Ics.calendar()
                        .event("c@x", NOW.plus(Duration.ofDays(1)), "Off", "STATUS:CANCELLED")
                        .bytes(),
                WINDOW);
        assertThat(occurrences(status).get(0).cancelled()).isTrue();

        String cancel = Ics.calendar()
                .event("m@x", NOW.plus(Duration.ofDays(1)), "Off too")
                .text()
                .replace("VERSION:2.0", "VERSION:2.0\r\nMETHOD:CANCEL");
        assertThat(occurrences(CalendarReader.read(cancel.getBytes(StandardCharsets.UTF_8), WINDOW))
                        .get(0)
                        .cancelled())
                .isTrue();
    }

    @Test
    void titlesAreCut() {
        Read read = CalendarReader.read(
                Ics.calendar().event("t@x", NOW, "x".repeat(300)).bytes(),
                new Limits(WINDOW.from(), WINDOW.to(), 10, 200));
        assertThat(occurrences(read).get(0).summary()).hasSize(200);
    }

    @Test
    void whatIsNotICalendarIsASentenceWithTheLine() {
        Read read =
                CalendarReader.read("BEGIN:VCARD\r\nFN:Jill\r\nEND:VCARD\r\n".getBytes(StandardCharsets.UTF_8), WINDOW);

        assertThat(read).isInstanceOf(Unreadable.class);
        String reason = ((Unreadable) read).reason();
        assertThat(reason).startsWith("This is not an iCalendar (.ics) file").contains("line 1");
        assertThat(reason).doesNotContain("Exception", "net.fortuna", "java.", "VCARD");
    }

    @Test
    void webcalIsReadAsHttps() {
        assertThat(FeedAddresses.https(java.net.URI.create("webcal://calendar.example.com/x/basic.ics?token=s3cret")))
                .hasToString("https://calendar.example.com/x/basic.ics?token=s3cret");
        assertThat(FeedAddresses.hint(java.net.URI.create("https://calendar.example.com/x/basic.ics?token=s3cret")))
                .isEqualTo("calendar.example.com/…");
    }

    @Test
    void keysAreStableAndBounded() {
        assertThat(CalendarKeys.plannedId("alice", "u@x", null, "c1"))
                .isEqualTo(CalendarKeys.plannedId("alice", "u@x", null, "c1"))
                .isNotEqualTo(CalendarKeys.plannedId("bob", "u@x", null, "c1"))
                .matches("p_[0-9a-f]{24}");
        assertThat(CalendarKeys.meetingExternalId("c1", "u@x", "20261201T100000Z"))
                .isEqualTo("ical/c1/u@x/20261201T100000Z");
        assertThat(CalendarKeys.meetingExternalId("c".repeat(64), "u".repeat(300), "20261201T100000Z"))
                .hasSizeLessThanOrEqualTo(200)
                .startsWith("ical/" + "c".repeat(64) + "/sha256:");
    }
}
