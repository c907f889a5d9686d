package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.interactions.ContactSequences;
import com.keepintouch.interaction.interactions.InteractionEvents;
import com.keepintouch.interaction.interactions.InteractionEvents.Planned;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Keeps each planned touch as its calendar shows it and announces every change a consumer would
 * see: planned, moved (time or title), called off, planned again. What did not change is not announced.
 */
@Component
class Planning {

    /** Compare-and-sets lost in a row before a change gives up (another instance keeps writing it). */
    private static final int TRIES = 5;

    /** What planning one touch did. */
    enum Change {
        /** First announced. */
        PLANNED,
        /** Announced again with a new time or title, or on again after it was called off. */
        MOVED,
        /** Announced as called off. */
        CANCELLED,
        /** Nothing a consumer would see changed. */
        UNCHANGED
    }

    private final PlannedTouches touches;
    private final ContactSequences sequences;
    private final InteractionEvents events;

    Planning(PlannedTouches touches, ContactSequences sequences, InteractionEvents events) {
        this.touches = touches;
        this.sequences = sequences;
        this.events = events;
    }

    /** Plans (or moves, or cancels) the touch {@code wanted}; version and updatedAt of it are ignored. */
    Change plan(PlannedTouch wanted, Instant now) {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Optional<PlannedTouch> current = touches.find(wanted.id());
            if (current.isEmpty()) {
                if (wanted.cancelled()) {
                    return Change.UNCHANGED; // never announced: nothing to call off
                }
                PlannedTouch first = stamped(wanted, now, 1);
                if (touches.insert(first, event(first))) {
                    return Change.PLANNED;
                }
                continue;
            }
            PlannedTouch before = current.get();
            String feedId = wanted.feedId() != null ? wanted.feedId() : before.feedId();
            PlannedTouch next = new PlannedTouch(
                    before.id(),
                    before.ownerId(),
                    before.contactId(),
                    wanted.plannedFor(),
                    wanted.summary(),
                    wanted.externalId(),
                    wanted.cancelled(),
                    feedId,
                    now,
                    before.version() + 1);
            if (!next.announcesDifferently(before)) {
                if (java.util.Objects.equals(feedId, before.feedId())) {
                    return Change.UNCHANGED;
                }
                if (touches.replace(before, next, null)) {
                    return Change.UNCHANGED; // now followed through this feed; consumers see nothing new
                }
                continue;
            }
            if (touches.replace(before, next, event(next))) {
                return next.cancelled() ? Change.CANCELLED : Change.MOVED;
            }
        }
        throw new IllegalStateException("planned touch " + wanted.id() + " kept changing; gave up after " + TRIES);
    }

    /** The touches a feed planned that are still on and ahead of {@code now}. */
    java.util.List<PlannedTouch> aheadFrom(String feedId, Instant now) {
        return touches.aheadFrom(feedId, now);
    }

    /** Calls off a touch that its feed no longer shows. */
    Change cancel(PlannedTouch touch, Instant now) {
        return plan(
                new PlannedTouch(
                        touch.id(),
                        touch.ownerId(),
                        touch.contactId(),
                        touch.plannedFor(),
                        touch.summary(),
                        touch.externalId(),
                        true,
                        touch.feedId(),
                        now,
                        touch.version()),
                now);
    }

    private StagedEvent event(PlannedTouch touch) {
        return events.planned(
                new Planned(
                        touch.id(),
                        touch.contactId(),
                        touch.ownerId(),
                        InteractionType.MEETING.name(),
                        touch.plannedFor(),
                        touch.summary(),
                        touch.externalId(),
                        touch.cancelled()),
                sequences.next(touch.contactId()));
    }

    private static PlannedTouch stamped(PlannedTouch touch, Instant now, long version) {
        return new PlannedTouch(
                touch.id(),
                touch.ownerId(),
                touch.contactId(),
                touch.plannedFor(),
                touch.summary(),
                touch.externalId(),
                touch.cancelled(),
                touch.feedId(),
                now,
                version);
    }
}
