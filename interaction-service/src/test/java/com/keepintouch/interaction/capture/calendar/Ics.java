package com.keepintouch.interaction.capture.calendar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Writes small iCalendar files for tests, line by line as RFC 5545 has them (CRLF). */
final class Ics {

    static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final List<String> lines =
            new ArrayList<>(List.of("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kit//tests//EN"));

    static Ics calendar() {
        return new Ics();
    }

    /** A VEVENT; {@code extra} are more of its lines (ATTENDEE, RRULE, STATUS, ...). */
    Ics event(String uid, Instant start, String summary, String... extra) {
        lines.add("BEGIN:VEVENT");
        lines.add("UID:" + uid);
        lines.add("DTSTAMP:" + UTC.format(Instant.parse("2026-01-01T00:00:00Z")));
        lines.add("DTSTART:" + UTC.format(start));
        lines.add("DTEND:" + UTC.format(start.plusSeconds(3600)));
        lines.add("SUMMARY:" + summary);
        lines.addAll(List.of(extra));
        lines.add("END:VEVENT");
        return this;
    }

    static String attendee(String address) {
        return "ATTENDEE;CN=Someone;ROLE=REQ-PARTICIPANT:mailto:" + address;
    }

    static String organizer(String address) {
        return "ORGANIZER:mailto:" + address;
    }

    String text() {
        return String.join("\r\n", lines) + "\r\nEND:VCALENDAR\r\n";
    }

    byte[] bytes() {
        return text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
