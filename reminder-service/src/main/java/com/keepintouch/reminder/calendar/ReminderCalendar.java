package com.keepintouch.reminder.calendar;

import com.keepintouch.reminder.relationship.DueReminders.DueReminder;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * An owner's reminders as an iCalendar document, one all-day event per relationship on its due
 * date in UTC; a date already passed is shown today, where the recruiter looks. The same
 * reminders on the same day give the same text, so that its hash is a fair ETag.
 */
final class ReminderCalendar {

    static final String NAME = "Keep in touch";
    private static final String PRODUCT = "-//keep-in-touch//reminder calendar feed//EN";

    /** The document. */
    record Rendered(String text) {}

    private ReminderCalendar() {}

    static Rendered render(List<DueReminder> reminders, Instant now, String uidDomain, Duration refreshInterval) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(new XProperty("X-WR-CALNAME", NAME));
        calendar.add(new Name(NAME));
        calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), refreshInterval));
        calendar.add(new XProperty("X-PUBLISHED-TTL", refreshInterval.toString()));
        for (DueReminder reminder : reminders) {
            calendar.add(event(reminder, dayOf(reminder.assessment(), today), changedAt(reminder, now), uidDomain));
        }
        StringWriter text = new StringWriter();
        try {
            // Validated, but for a feed with no reminder: RFC 5545 asks for a component at least, and
            // calendar applications read an empty calendar as one; nothing is made up to fill it.
            new CalendarOutputter(!reminders.isEmpty()).output(calendar, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("the reminder calendar is not valid iCalendar", e);
        }
        return new Rendered(text.toString());
    }

    private static VEvent event(DueReminder reminder, LocalDate day, Instant changed, String uidDomain) {
        String name = name(reminder.facts().contact());
        Assessment state = reminder.assessment();
        VEvent event = new VEvent(false);
        event.add(new Uid(reminder.facts().contactId() + "@" + uidDomain));
        event.add(new DtStamp(changed));
        event.add(new LastModified(changed));
        event.add(new DtStart<>(day));
        event.add(new DtEnd<>(day.plusDays(1)));
        event.add(new Summary("Keep in touch with " + name + label(state.status())));
        event.add(new Description(description(state)));
        event.add(new Transp(Transp.VALUE_TRANSPARENT)); // a reminder, not time taken
        return event;
    }

    /** The due date, or today if it has passed (or there is none, as for a non-responsive contact). */
    static LocalDate dayOf(Assessment state, LocalDate today) {
        if (state.nextDueAt() == null) {
            return today;
        }
        LocalDate due = LocalDate.ofInstant(state.nextDueAt(), ZoneOffset.UTC);
        return due.isBefore(today) ? today : due;
    }

    private static String label(RelationshipStatus status) {
        return switch (status) {
            case DUE -> " (due)";
            case OVERDUE -> " (overdue)";
            case NON_RESPONSIVE -> " (no reply yet: hold back)";
            default -> "";
        };
    }

    /** The reasons, one a line, then the suggested action. */
    static String description(Assessment state) {
        List<String> lines = new ArrayList<>(state.reasons());
        if (state.suggestedAction() != null && !state.suggestedAction().isBlank()) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add("Suggested: " + state.suggestedAction());
        }
        return String.join("\n", lines);
    }

    /**
     * When what the event shows last changed: the last touch, the contact's creation, the due and
     * overdue moments once passed, and the start of today for an event moved onto today.
     */
    private static Instant changedAt(DueReminder reminder, Instant now) {
        Assessment state = reminder.assessment();
        ContactFacts contact = reminder.facts().contact();
        Instant startOfToday = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Instant movedToToday =
                state.nextDueAt() == null || state.nextDueAt().isBefore(startOfToday) ? startOfToday : null;
        return Stream.of(
                        state.lastTouchAt(),
                        contact == null ? null : contact.createdAt(),
                        state.nextDueAt(),
                        state.overdueAt(),
                        movedToToday)
                .filter(Objects::nonNull)
                .filter(at -> !at.isAfter(now))
                .max(Instant::compareTo)
                .orElse(startOfToday);
    }

    private static String name(ContactFacts contact) {
        return contact == null ? "this contact" : contact.displayName();
    }
}
