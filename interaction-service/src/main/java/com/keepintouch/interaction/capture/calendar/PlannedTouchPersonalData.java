package com.keepintouch.interaction.capture.calendar;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the planned touches of one person hold about them: read for an export, anonymised when the person is erased. */
@Component
public class PlannedTouchPersonalData {

    private final PlannedTouches touches;

    PlannedTouchPersonalData(PlannedTouches touches) {
        this.touches = touches;
    }

    /** A planned touch as the export lists it. */
    public record PlannedTouchView(
            String plannedId,
            String contactId,
            String ownerId,
            String type,
            Instant plannedFor,
            String summary,
            String externalId,
            boolean cancelled,
            Instant updatedAt) {}

    /** The contact's planned touches, soonest first. */
    public List<PlannedTouchView> of(String ownerId, String contactId) {
        return touches.ofContact(ownerId, contactId).stream()
                .map(t -> new PlannedTouchView(
                        t.id(),
                        t.contactId(),
                        t.ownerId(),
                        "MEETING",
                        t.plannedFor(),
                        t.summary(),
                        t.externalId(),
                        t.cancelled(),
                        t.updatedAt()))
                .toList();
    }

    /** Anonymises the contact's planned touches for good; returns how many are anonymised in all. */
    public long anonymise(String ownerId, String contactId) {
        return touches.anonymise(ownerId, contactId);
    }
}
