package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import com.keepintouch.reminder.relationship.Relationships.ListingKeys;
import com.keepintouch.reminder.relationship.Relationships.Sort;
import com.keepintouch.reminder.relationship.Relationships.Stored;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.InteractionType;
import com.keepintouch.reminder.relationship.domain.PlannedTouch;
import com.keepintouch.reminder.relationship.domain.Reciprocity;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.Strength;
import com.keepintouch.reminder.relationship.domain.StrengthComponent;
import com.keepintouch.reminder.relationship.domain.Suggestion;
import com.keepintouch.reminder.relationship.domain.TouchSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

    /** How many relationships each list of the insights holds when the caller names no limit, and at most. */
    static final int INSIGHTS_LIMIT = 5;

    static final int INSIGHTS_MAX_LIMIT = 50;

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
            String suggestedAction,
            StateViews.CadenceView cadence,
            Strength strength,
            Reciprocity reciprocity,
            Suggestion suggestion) {

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
                    state.suggestedAction(),
                    StateViews.CadenceView.of(state.cadence()),
                    state.strength(),
                    state.reciprocity(),
                    state.suggestion());
        }
    }

    /** One relationship of the insights, with the line that says why it is there. */
    record InsightView(String why, RelationshipResponse relationship) {}

    record InsightsResponse(List<InsightView> warmest, List<InsightView> coolingFastest, List<InsightView> oneWay) {}

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
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        Sort order = sort(sort);
        PageRequest page = order == Sort.DUE
                ? PageRequest.byInstantAndId(limit, cursor)
                : PageRequest.byNumberAndId(limit, cursor);
        Optional<RelationshipStatus> wanted =
                Optional.ofNullable(status).filter(s -> !s.isBlank()).map(RelationshipController::status);
        Optional<String> owner = caller.readableOwners(ownerId);
        if (order != Sort.DUE) {
            oneOwner(owner, "sort=" + order.parameter());
        }
        List<Stored> fetched = management.list(owner, wanted, order, page);
        Instant now = management.now();
        return page.page(fetched, s -> s.position(order), s -> view(s, now));
    }

    @GetMapping("/insights")
    InsightsResponse insights(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + INSIGHTS_LIMIT) int limit) {
        if (limit < 1 || limit > INSIGHTS_MAX_LIMIT) {
            throw RequestRefused.invalid("limit", "must be between 1 and " + INSIGHTS_MAX_LIMIT);
        }
        Optional<String> owner = caller.readableOwners(ownerId);
        oneOwner(owner, "the insights");
        RelationshipManagement.Insights insights = management.insights(owner, limit);
        Instant now = management.now();
        return new InsightsResponse(
                insights.warmest().stream()
                        .map(s -> insight(s, now, RelationshipController::whyWarm))
                        .toList(),
                insights.coolingFastest().stream()
                        .map(s -> insight(s, now, RelationshipController::whyCooling))
                        .toList(),
                insights.oneWay().stream()
                        .map(s -> insight(s, now, RelationshipController::whyOneWay))
                        .toList());
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

    private InsightView insight(Stored stored, Instant now, Why why) {
        RelationshipFacts facts = stored.relationship().facts();
        Assessment state = management.assess(stored, now);
        return new InsightView(
                why.of(facts.contact().displayName(), state, stored.keys()), RelationshipResponse.of(facts, state));
    }

    /** The line that says why a relationship is among the insights, from its state and stored keys. */
    private interface Why {
        String of(String name, Assessment state, ListingKeys keys);
    }

    private static String whyWarm(String name, Assessment state, ListingKeys keys) {
        String because = firstSentence(state)
                .or(() -> state.strength().components().stream()
                        .max(java.util.Comparator.comparingInt(StrengthComponent::points))
                        .map(StrengthComponent::explanation))
                .orElse("");
        return ("Strength " + score(state) + " of 100 with " + name + ". " + because).strip();
    }

    private static String whyCooling(String name, Assessment state, ListingKeys keys) {
        int now = score(state);
        int lost = Math.max(keys.cooling(), keys.strengthAfterTouch() - now);
        return String.format(
                Locale.ROOT,
                "Strength with %s is down %d %s since your last touch on %s, from %d to %d.",
                name,
                lost,
                lost == 1 ? "point" : "points",
                LocalDate.ofInstant(keys.touchedAt(), ZoneOffset.UTC),
                keys.strengthAfterTouch(),
                keys.strengthAfterTouch() - lost);
    }

    private static String whyOneWay(String name, Assessment state, ListingKeys keys) {
        return firstSentence(state)
                .orElse("You keep reaching out to " + name + "; " + name + " neither replies nor reaches out.");
    }

    private static Optional<String> firstSentence(Assessment state) {
        return state.reciprocity() == null
                ? Optional.empty()
                : state.reciprocity().sentences().stream().findFirst();
    }

    private static int score(Assessment state) {
        return state.strength() == null ? 0 : state.strength().score();
    }

    /**
     * Scores rank one owner's relationships (each owner's by its own index); across every owner,
     * which only ops and admin could ask for, they are not offered.
     */
    private static void oneOwner(Optional<String> owner, String what) {
        if (owner.isEmpty()) {
            throw RequestRefused.invalid(
                    "ownerId", what + " ranks one owner's relationships: name the owner with ownerId");
        }
    }

    private static Sort sort(String value) {
        if (value == null || value.isBlank()) {
            return Sort.DUE;
        }
        for (Sort sort : Sort.values()) {
            if (sort.parameter().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return sort;
            }
        }
        throw RequestRefused.invalid(
                "sort",
                "must be one of "
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(Sort.values())
                                        .map(Sort::parameter)
                                        .toList()));
    }

    private static RelationshipStatus status(String value) {
        try {
            return RelationshipStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "must be one of " + List.of(RelationshipStatus.values()));
        }
    }
}
