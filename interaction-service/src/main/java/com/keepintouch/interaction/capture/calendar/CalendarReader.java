package com.keepintouch.interaction.capture.calendar;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Reads an iCalendar file (RFC 5545) with ical4j: the occurrences of its events that start within a
 * window, recurrences expanded and overridden instances ({@code RECURRENCE-ID}) in place of the
 * ones they replace. Only what a touch needs is kept: times, title, status and the people's addresses.
 */
final class CalendarReader {

    private static final DateTimeFormatter UTC_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private CalendarReader() {}

    /** What reading a file gave. */
    sealed interface Read {}

    /**
     * The occurrences in the window; {@code invalid} events were left out (no UID or no start, a
     * recurrence that cannot be expanded); {@code complete} is false when the occurrences stopped at
     * the limit, so the file may hold more than these.
     */
    record Events(List<Occurrence> occurrences, int invalid, boolean complete) implements Read {}

    /** The file is not iCalendar; {@code reason} is a sentence. */
    record Unreadable(String reason) implements Read {}

    /**
     * One occurrence of an event.
     *
     * @param recurrenceId the occurrence's original start as iCalendar writes it in UTC ({@code 20261201T090000Z},
     *     a date for an all-day event); null for an event that does not recur
     * @param organizer the organizer's address, lowercased; null when there is none or it is not mailto
     * @param attendees the attendees' addresses, lowercased
     */
    record Occurrence(
            String uid,
            String recurrenceId,
            Instant start,
            String summary,
            boolean cancelled,
            String organizer,
            Set<String> attendees) {

        /** Everyone on the invitation: the organizer and the attendees. */
        Set<String> people() {
            Set<String> people = new LinkedHashSet<>(attendees);
            if (organizer != null) {
                people.add(organizer);
            }
            return people;
        }
    }

    /** What to read of a file: the window of starts {@code [from, to)}, and how much. */
    record Limits(Instant from, Instant to, int maxOccurrences, int maxSummary) {}

    /** The occurrences that start in the window, at most {@code maxOccurrences}, titles cut at {@code maxSummary}. */
    static Read read(byte[] ics, Limits limits) {
        Instant from = limits.from();
        Instant to = limits.to();
        int maxOccurrences = limits.maxOccurrences();
        Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(new String(ics, StandardCharsets.UTF_8)));
        } catch (ParserException e) {
            return new Unreadable("This is not an iCalendar (.ics) file: it cannot be read at line " + e.getLineNo()
                    + reasonOf(e.getMessage()) + ".");
        } catch (IOException | RuntimeException e) {
            return new Unreadable(
                    "This is not an iCalendar (.ics) file that can be read" + reasonOf(e.getMessage()) + ".");
        }
        boolean cancelAll = calendar.getProperty(Property.METHOD)
                .map(Property::getValue)
                .filter("CANCEL"::equalsIgnoreCase)
                .isPresent();
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        int invalid = 0;
        Map<String, VEvent> overrides = new HashMap<>();
        List<VEvent> masters = new ArrayList<>();
        for (VEvent event : events) {
            try {
                Optional<String> uid = uid(event);
                if (uid.isEmpty() || event.getStartDate().isEmpty()) {
                    invalid++;
                } else if (event.getProperty(Property.RECURRENCE_ID).isPresent()) {
                    overrides.put(uid.get() + "\n" + recurrenceId(event), event);
                } else {
                    masters.add(event);
                }
            } catch (RuntimeException e) {
                invalid++;
            }
        }
        List<Occurrence> occurrences = new ArrayList<>();
        Period<ZonedDateTime> window = new Period<>(from.atZone(ZoneOffset.UTC), to.atZone(ZoneOffset.UTC));
        for (VEvent master : masters) {
            if (occurrences.size() >= maxOccurrences) {
                break;
            }
            try {
                String uid = uid(master).orElseThrow();
                boolean recurs =
                        !master.getProperties(Property.RRULE, Property.RDATE).isEmpty();
                if (recursFasterThanHourly(master)) {
                    invalid++; // no meeting recurs by the minute: expanding one only costs memory
                    continue;
                }
                if (!recurs) {
                    Instant start = instant(master.getStartDate().orElseThrow().getDate());
                    if (!start.isBefore(from) && start.isBefore(to)) {
                        occurrences.add(occurrence(master, uid, null, start, cancelAll, limits));
                    }
                    continue;
                }
                for (Period<Temporal> period : master.<Temporal>calculateRecurrenceSet(window)) {
                    Instant start = instant(period.getStart());
                    String recurrenceId = format(period.getStart());
                    if (start.isBefore(from)
                            || !start.isBefore(to)
                            || overrides.containsKey(uid + "\n" + recurrenceId)) {
                        continue;
                    }
                    if (occurrences.size() >= maxOccurrences) {
                        break;
                    }
                    occurrences.add(occurrence(master, uid, recurrenceId, start, cancelAll, limits));
                }
            } catch (RuntimeException e) {
                invalid++;
            }
        }
        for (VEvent override : overrides.values()) {
            if (occurrences.size() >= maxOccurrences) {
                break;
            }
            try {
                Instant start = instant(override.getStartDate().orElseThrow().getDate());
                if (!start.isBefore(from) && start.isBefore(to)) {
                    occurrences.add(occurrence(
                            override, uid(override).orElseThrow(), recurrenceId(override), start, cancelAll, limits));
                }
            } catch (RuntimeException e) {
                invalid++;
            }
        }
        return new Events(List.copyOf(occurrences), invalid, occurrences.size() < maxOccurrences);
    }

    private static Occurrence occurrence(
            VEvent event, String uid, String recurrenceId, Instant start, boolean cancelAll, Limits limits) {
        String summary = event.getProperty(Property.SUMMARY)
                .map(Property::getValue)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.length() > limits.maxSummary() ? s.substring(0, limits.maxSummary()) : s)
                .orElse(null);
        boolean cancelled = cancelAll
                || event.getProperty(Property.STATUS)
                        .map(Property::getValue)
                        .filter("CANCELLED"::equalsIgnoreCase)
                        .isPresent();
        String organizer = event.<Organizer>getProperty(Property.ORGANIZER)
                .flatMap(o -> address(o.getCalAddress()))
                .orElse(null);
        Set<String> attendees = new LinkedHashSet<>();
        for (Property property : event.getProperties(Property.ATTENDEE)) {
            if (property instanceof Attendee attendee) {
                address(attendee.getCalAddress()).ifPresent(attendees::add);
            }
        }
        return new Occurrence(uid, recurrenceId, start, summary, cancelled, organizer, Set.copyOf(attendees));
    }

    private static boolean recursFasterThanHourly(VEvent event) {
        for (Property property : event.getProperties(Property.RRULE)) {
            if (property instanceof RRule<?> rule) {
                Frequency frequency = rule.getRecur().getFrequency();
                if (frequency == Frequency.SECONDLY || frequency == Frequency.MINUTELY) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<String> uid(VEvent event) {
        return event.getProperty(Property.UID)
                .map(Property::getValue)
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    private static String recurrenceId(VEvent event) {
        return format(event.<DateProperty<Temporal>>getProperty(Property.RECURRENCE_ID)
                .orElseThrow()
                .getDate());
    }

    /** A {@code mailto:} address, lowercased; anything else (a phone, a URN) is no address of ours. */
    private static Optional<String> address(URI calAddress) {
        if (calAddress == null
                || calAddress.getScheme() == null
                || !calAddress.getScheme().equalsIgnoreCase("mailto")) {
            return Optional.empty();
        }
        String address = calAddress.getSchemeSpecificPart();
        if (address == null) {
            return Optional.empty();
        }
        address = address.strip().toLowerCase(Locale.ROOT);
        return address.contains("@") ? Optional.of(address) : Optional.empty();
    }

    /** An occurrence's start as iCalendar writes it in UTC: a date for a day, else date and time with Z. */
    static String format(Temporal start) {
        return start instanceof LocalDate date ? DATE.format(date) : UTC_DATE_TIME.format(instant(start));
    }

    /** A start as an instant: floating times and days are taken as UTC. */
    static Instant instant(Temporal start) {
        if (start instanceof Instant instant) {
            return instant;
        }
        if (start instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (start instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (start instanceof LocalDateTime floating) {
            return floating.toInstant(ZoneOffset.UTC);
        }
        if (start instanceof LocalDate day) {
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        throw new IllegalArgumentException("a start that is neither a date nor a date and time");
    }

    /** The parser's own words after "Error at line N:", when they are words, not a program's. */
    private static String reasonOf(String message) {
        if (message == null) {
            return "";
        }
        // "Expected [BEGIN], read [what the file had]": what it had is the caller's own text, never repeated
        String reason = message.replaceFirst("^Error at line \\d+:\\s*", "")
                .replaceFirst(",?\\s*read \\[.*$", "")
                .replace("[", "")
                .replace("]", "")
                .strip();
        if (reason.isEmpty() || reason.matches("(?s).*\\b[a-z]+\\.[a-z]+\\.[A-Za-z.]+.*|.*Exception.*")) {
            return "";
        }
        return " (" + Character.toLowerCase(reason.charAt(0))
                + (reason.length() > 80 ? reason.substring(1, 80) + "…" : reason.substring(1)) + ")";
    }
}
