package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import com.keepintouch.reminder.relationship.Relationships.Stored;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.PlannedTouch;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.TouchSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The relationships API: who is going cold, why, and what to do about it. */
@RestController
@RequestMapping("/api/relationships")
class RelationshipController {

    private final RelationshipManagement management;

    RelationshipController(RelationshipManagement management) {
        this.management = management;
    }

    record Counts(int touches, int inbound, int outbound, int gives, int asks) {}

    record RelationshipResponse(
            String contactId,
            String ownerId,
            String contactName,
            RelationshipStatus status,
            int cadenceDays,
            String cadenceSource,
            int intervalDays,
            Instant lastTouchAt,
            Instant nextDueAt,
            Instant overdueAt,
            Instant snoozedUntil,
            PlannedTouchView plannedTouch,
            int unansweredOutreaches,
            Counts counts,
            List<String> reasons,
            String suggestedAction) {

        static RelationshipResponse of(RelationshipFacts facts, Assessment state) {
            TouchSummary touches = facts.summary();
            int inbound = touches.inbound();
            return new RelationshipResponse(
                    facts.contactId(),
                    facts.ownerId(),
                    facts.contact().name(),
                    state.status(),
                    state.cadence().days(),
                    state.cadence().source().name(),
                    state.intervalDays(),
                    state.lastTouchAt(),
                    state.nextDueAt(),
                    state.overdueAt(),
                    state.snoozedUntil(),
                    PlannedTouchView.of(state.plannedTouch()),
                    state.unansweredOutreaches(),
                    new Counts(touches.count(), inbound, touches.count() - inbound, state.gives(), state.asks()),
                    state.reasons(),
                    state.suggestedAction());
        }
    }

    /** The next touch planned, as GET /api/relationships/{id} and relationships.v1 show it. */
    record PlannedTouchView(Instant plannedFor, InteractionType type, String summary) {

        static PlannedTouchView of(PlannedTouch planned) {
            return planned == null
                    ? null
                    : new PlannedTouchView(planned.plannedFor(), planned.type(), planned.summary());
        }
    }

    record SnoozeRequest(Instant until, Integer days) {}

    record Summary(String ownerId, long total, Map<RelationshipStatus, Long> byStatus) {}

    @GetMapping
    Page<RelationshipResponse> list(
            Caller caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.byInstantAndId(limit, cursor);
        Optional<RelationshipStatus> wanted =
                Optional.ofNullable(status).filter(s -> !s.isBlank()).map(RelationshipController::status);
        List<Stored> fetched = management.list(caller.readableOwners(ownerId), wanted, page);
        Instant now = management.now();
        return page.page(fetched, Stored::position, s -> view(s, now));
    }

    @GetMapping("/summary")
    Summary summary(Caller caller, @RequestParam(required = false) String ownerId) {
        Optional<String> owner = caller.readableOwners(ownerId);
        Map<RelationshipStatus, Long> counts = management.countByStatus(owner);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(owner.orElse(null), total, counts);
    }

    @GetMapping("/{contactId}")
    RelationshipResponse get(Caller caller, @PathVariable String contactId) {
        return view(management.readable(caller, contactId), management.now());
    }

    @PostMapping(path = "/{contactId}/snooze", consumes = MediaType.APPLICATION_JSON_VALUE)
    RelationshipResponse snooze(Caller caller, @PathVariable String contactId, @RequestBody SnoozeRequest request) {
        Stored snoozed = request == null
                ? management.snooze(caller, contactId, null, null)
                : management.snooze(caller, contactId, request.until(), request.days());
        return view(snoozed, management.now());
    }

    private RelationshipResponse view(Stored stored, Instant now) {
        RelationshipFacts facts = stored.relationship().facts();
        return RelationshipResponse.of(facts, management.assess(stored, now));
    }

    private static RelationshipStatus status(String value) {
        try {
            return RelationshipStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "must be one of " + List.of(RelationshipStatus.values()));
        }
    }
}
