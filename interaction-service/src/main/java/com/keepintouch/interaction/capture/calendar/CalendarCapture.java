package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.CapturedInteractions;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Events;
import com.keepintouch.interaction.capture.calendar.CalendarReader.Occurrence;
import com.keepintouch.interaction.capture.calendar.Planning.Change;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * What a calendar's occurrences become for one owner: each one with the owner's contacts among its
 * people is, for each such contact, a MEETING interaction once it has started, and a planned touch
 * while it is ahead. A meeting a contact organised is INBOUND (they reached out); any other one,
 * organised by the owner or by someone who is not a contact, is OUTBOUND.
 */
@Service
class CalendarCapture {

    /** Addresses looked up in one query of the contact projection. */
    private static final int ADDRESSES_PER_LOOKUP = 500;

    private final ContactDirectory contacts;
    private final CapturedInteractions interactions;
    private final Planning planning;
    private final CalendarMetrics metrics;

    CalendarCapture(
            ContactDirectory contacts, CapturedInteractions interactions, Planning planning, CalendarMetrics metrics) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.planning = planning;
        this.metrics = metrics;
    }

    /**
     * What capturing a calendar did; {@code plannedIds} are the touches it showed as planned (not
     * called off), so a feed's poll can call off the ones it no longer shows.
     */
    record Captured(ImportCounts counts, Set<String> plannedIds) {}

    /**
     * @param feedId the feed the events come from; null for an imported file
     */
    Captured capture(String ownerId, Events events, Instant now, String feedId) {
        Map<String, List<KnownContact>> byAddress = contactsByAddress(ownerId, events.occurrences());
        int meetings = 0;
        int known = 0;
        int planned = 0;
        int unmatched = 0;
        Set<String> plannedIds = new LinkedHashSet<>();
        for (Occurrence occurrence : events.occurrences()) {
            Map<String, KnownContact> matched = new LinkedHashMap<>();
            for (String address : occurrence.people()) {
                byAddress.getOrDefault(address, List.of()).forEach(c -> matched.putIfAbsent(c.contactId(), c));
            }
            if (matched.isEmpty()) {
                unmatched++;
                continue;
            }
            if (occurrence.start().isAfter(now)) {
                for (KnownContact contact : matched.values()) {
                    PlannedTouch touch = touch(ownerId, contact, occurrence, feedId, now);
                    Change change = planning.plan(touch, now);
                    metrics.planned(change);
                    if (change == Change.UNCHANGED) {
                        known++;
                    } else {
                        planned++;
                    }
                    if (!occurrence.cancelled()) {
                        plannedIds.add(touch.id());
                    }
                }
            } else if (!occurrence.cancelled()) {
                Direction direction = occurrence.organizer() != null
                                && !byAddress
                                        .getOrDefault(occurrence.organizer(), List.of())
                                        .isEmpty()
                        ? Direction.INBOUND
                        : Direction.OUTBOUND;
                for (KnownContact contact : matched.values()) {
                    InteractionDraft draft = new InteractionDraft(
                            contact.contactId(),
                            InteractionType.MEETING,
                            direction,
                            occurrence.start(),
                            occurrence.summary(),
                            CalendarKeys.meetingExternalId(
                                    contact.contactId(), occurrence.uid(), occurrence.recurrenceId()));
                    if (interactions
                            .record(contact, draft, CaptureSource.CALENDAR, null)
                            .created()) {
                        meetings++;
                        metrics.meetingRecorded();
                    } else {
                        known++;
                    }
                }
            }
        }
        return new Captured(
                new ImportCounts(events.occurrences().size(), meetings, known, planned, unmatched, events.invalid()),
                plannedIds);
    }

    /** Calls off a feed's touches still ahead that its latest read no longer showed. */
    int cancelMissing(String feedId, Set<String> shown, Instant now) {
        int cancelled = 0;
        for (PlannedTouch touch : planning.aheadFrom(feedId, now)) {
            if (!shown.contains(touch.id())) {
                Change change = planning.cancel(touch, now);
                metrics.planned(change);
                if (change == Change.CANCELLED) {
                    cancelled++;
                }
            }
        }
        return cancelled;
    }

    private PlannedTouch touch(
            String ownerId, KnownContact contact, Occurrence occurrence, String feedId, Instant now) {
        return new PlannedTouch(
                CalendarKeys.plannedId(ownerId, occurrence.uid(), occurrence.recurrenceId(), contact.contactId()),
                ownerId,
                contact.contactId(),
                occurrence.start(),
                occurrence.summary(),
                CalendarKeys.eventExternalId(occurrence.uid(), occurrence.recurrenceId()),
                occurrence.cancelled(),
                feedId,
                now,
                0);
    }

    /** The owner's live contacts by each of their addresses that the occurrences name, in few queries. */
    private Map<String, List<KnownContact>> contactsByAddress(String ownerId, List<Occurrence> occurrences) {
        Set<String> addresses = new LinkedHashSet<>();
        occurrences.forEach(o -> addresses.addAll(o.people()));
        List<String> all = new ArrayList<>(addresses);
        Map<String, List<KnownContact>> byAddress = new HashMap<>();
        for (int i = 0; i < all.size(); i += ADDRESSES_PER_LOOKUP) {
            for (KnownContact contact :
                    contacts.findByEmails(ownerId, all.subList(i, Math.min(all.size(), i + ADDRESSES_PER_LOOKUP)))) {
                if (!contact.ownerId().equals(ownerId) || contact.deleted()) {
                    continue; // never another owner's contact, whatever the projection answers
                }
                for (String email : contact.emails()) {
                    if (addresses.contains(email)) {
                        byAddress.computeIfAbsent(email, e -> new ArrayList<>()).add(contact);
                    }
                }
            }
        }
        return byAddress;
    }
}
