package com.keepintouch.reminder.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.reminder.relationship.DueReminders.DueReminder;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.ContactFacts;
import com.keepintouch.reminder.relationship.domain.ContactStatus;
import com.keepintouch.reminder.relationship.domain.Direction;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipRules;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.ReminderSettings;
import com.keepintouch.reminder.relationship.domain.Tier;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

class ReminderCalendarTest {

    static final Instant MET = Instant.parse("2026-01-05T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-09-01T15:30:00Z");
    final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    DueReminder reminder(String contactId, String name, Integer cadenceDays, Instant lastTouch) {
        RelationshipFacts facts = RelationshipFacts.empty(contactId, "alice")
                .with(new RelationshipEvent.ContactChanged(
                        new ContactFacts(name, Tier.REGULAR, cadenceDays, ContactStatus.ACTIVE, MET, MET, false, 1)))
                .with(new RelationshipEvent.InteractionRecorded(
                        new Touchpoint("i-" + contactId, lastTouch, InteractionType.EMAIL, Direction.OUTBOUND, false)));
        return new DueReminder(facts, rules.assess(facts, NOW));
    }

    static List<VEvent> events(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        return calendar.getComponents(Component.VEVENT);
    }

    static String value(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).orElseThrow();
    }

    @Test
    void aPassedDueDateIsShownTodayAndAComingOneOnItsDay() throws Exception {
        DueReminder overdue = reminder("c_jill", "Jill Summers", null, NOW.minus(Duration.ofDays(200)));
        DueReminder coming = reminder("c_omar", "Omar Haddad", 30, NOW.minus(Duration.ofDays(20)));
        assertThat(overdue.assessment().status()).isEqualTo(RelationshipStatus.OVERDUE);

        String ics = ReminderCalendar.render(
                        List.of(overdue, coming), NOW, "reminders.example.org", Duration.ofHours(1))
                .text();

        List<VEvent> events = events(ics);
        assertThat(events).hasSize(2);
        VEvent jill = events.get(0);
        assertThat(value(jill, Property.UID)).isEqualTo("c_jill@reminders.example.org");
        assertThat(value(jill, Property.SUMMARY)).isEqualTo("Keep in touch with Jill Summers (overdue)");
        assertThat(value(jill, Property.DTSTART)).isEqualTo("20260901");
        assertThat(value(jill, Property.DTEND)).isEqualTo("20260902");
        Assessment state = overdue.assessment();
        assertThat(value(jill, Property.DESCRIPTION))
                .isEqualTo(String.join("\n", state.reasons()) + "\n\nSuggested: " + state.suggestedAction());
        // changed when it moved onto today, never later than now
        assertThat(value(jill, Property.LAST_MODIFIED)).isEqualTo("20260901T000000Z");
        assertThat(value(jill, Property.DTSTAMP)).isEqualTo(value(jill, Property.LAST_MODIFIED));

        VEvent omar = events.get(1);
        assertThat(value(omar, Property.SUMMARY)).isEqualTo("Keep in touch with Omar Haddad");
        assertThat(value(omar, Property.DTSTART)).isEqualTo("20260911");
        assertThat(value(omar, Property.LAST_MODIFIED)).isEqualTo("20260812T153000Z"); // its last touch
        assertThat(ics).contains("X-WR-CALNAME:Keep in touch", "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    }

    @Test
    void theSameRemindersOnTheSameDayGiveTheSameText() {
        List<DueReminder> reminders = List.of(reminder("c_jill", "Jill", null, NOW.minus(Duration.ofDays(200))));
        String first = ReminderCalendar.render(reminders, NOW, "example.org", Duration.ofHours(1))
                .text();
        String later = ReminderCalendar.render(
                        reminders, NOW.plus(Duration.ofHours(3)), "example.org", Duration.ofHours(1))
                .text();
        assertThat(later).isEqualTo(first);
    }

    @Test
    void anEmptyFeedIsStillACalendar() throws Exception {
        String ics = ReminderCalendar.render(List.of(), NOW, "example.org", Duration.ofHours(1))
                .text();
        assertThat(events(ics)).isEmpty();
        assertThat(ics).startsWith("BEGIN:VCALENDAR").contains("VERSION:2.0", "PRODID:");
    }
}
