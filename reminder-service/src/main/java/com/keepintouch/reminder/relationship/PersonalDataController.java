package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.domain.ContactIdFormat;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.Scope;
import com.keepintouch.reminder.relationship.RelationshipController.RelationshipResponse;
import com.keepintouch.reminder.relationship.RelationshipManagement.Held;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.Relationship;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What reminder-service holds about one person, for contact-service's export (GDPR articles 15 and
 * 20): the relationship as GET /api/relationships/{id} shows it, the occasions announced, the
 * suggestions made, the snoozes, the touches (archived ones too) and the touches planned.
 */
@RestController
@RequestMapping("/api/personal-data")
class PersonalDataController {

    private final RelationshipManagement management;

    PersonalDataController(RelationshipManagement management) {
        this.management = management;
    }

    /**
     * @param relationship null while the contact is not known here, or deleted
     */
    record PersonalDataResponse(
            String contactId,
            RelationshipResponse relationship,
            List<AnnouncementView> announcements,
            List<SuggestionView> suggestions,
            List<SnoozeView> snoozes,
            List<TouchView> touches,
            List<PlannedView> plannedTouches) {}

    /**
     * An occasion announced on relationships.v1.
     *
     * @param at the date the occasion is of (a due date, the last touch), when it is one
     * @param refersTo the snooze or interaction it is of, when it is one
     */
    record AnnouncementView(String occasion, String type, Instant at, String refersTo) {

        static AnnouncementView of(String occasion) {
            int at = occasion.indexOf('@');
            String kind = at < 0 ? occasion : occasion.substring(0, at);
            String value = at < 0 ? null : occasion.substring(at + 1);
            Instant instant = null;
            if (value != null && !value.equals("null")) {
                try {
                    instant = Instant.parse(value);
                } catch (DateTimeParseException notADate) {
                    // a snooze's or an interaction's id
                }
            }
            return new AnnouncementView(
                    occasion, "relationship." + kind, instant, instant == null && !"null".equals(value) ? value : null);
        }
    }

    record SuggestionView(String shareableId, Instant forDueAt) {}

    record SnoozeView(String snoozeId, Instant until, Instant requestedAt) {}

    record ReplyView(String interactionId, Instant occurredAt) {}

    record SharedView(String shareableId, String url) {}

    /** @param archived whether it is kept beyond the relationship's window of newest touches */
    record TouchView(
            String interactionId,
            Instant occurredAt,
            InteractionType type,
            String direction,
            boolean deleted,
            ReplyView inReplyTo,
            SharedView shared,
            boolean archived) {

        static TouchView of(Touchpoint t, boolean archived) {
            return new TouchView(
                    t.id(),
                    t.occurredAt(),
                    t.type(),
                    t.direction() == null ? null : t.direction().name(),
                    t.deleted(),
                    t.inReplyTo() == null
                            ? null
                            : new ReplyView(
                                    t.inReplyTo().interactionId(), t.inReplyTo().occurredAt()),
                    t.shared() == null
                            ? null
                            : new SharedView(
                                    t.shared().shareableId(), t.shared().url()),
                    archived);
        }
    }

    record PlannedView(String plannedId, Instant plannedFor, InteractionType type, String summary, boolean cancelled) {}

    @GetMapping("/{contactId}")
    PersonalDataResponse get(Caller caller, @PathVariable String contactId) {
        // scopes before ownership: ops (or any other caller) learns nothing of who is known here
        if (!caller.isAdmin() && !caller.scopes().contains(Scope.RECRUITER)) {
            throw RequestRefused.forbidden("An export of a person's data needs the recruiter or admin scope");
        }
        Optional<Held> held = management.held(caller, ContactIdFormat.require(contactId));
        if (held.isEmpty()) {
            return new PersonalDataResponse(contactId, null, List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Relationship relationship = held.get().stored().relationship();
        RelationshipFacts facts = relationship.facts();
        RelationshipResponse view = facts.contact() == null || facts.contact().deleted()
                ? null
                : RelationshipResponse.of(facts, management.assess(held.get().stored(), management.now()));
        List<TouchView> touches = new ArrayList<>();
        Stream.concat(facts.touchpoints().stream(), facts.archiving().stream())
                .map(t -> TouchView.of(t, false))
                .forEach(touches::add);
        held.get().archived().stream()
                .filter(t -> !facts.holds(t.id()))
                .map(t -> TouchView.of(t, true))
                .forEach(touches::add);
        touches.sort(Comparator.comparing(TouchView::occurredAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(TouchView::interactionId));
        return new PersonalDataResponse(
                contactId,
                view,
                relationship.occasions().stream().map(AnnouncementView::of).toList(),
                relationship.suggested().stream()
                        .map(s -> new SuggestionView(s.shareableId(), s.forDueAt()))
                        .toList(),
                facts.snoozes().stream()
                        .map(s -> new SnoozeView(s.id(), s.until(), s.requestedAt()))
                        .toList(),
                touches,
                facts.planned().stream()
                        .map(p -> new PlannedView(p.id(), p.plannedFor(), p.type(), p.summary(), p.cancelled()))
                        .toList());
    }
}
