package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import com.keepintouch.reminder.relationship.Relationships.Cursor;
import com.keepintouch.reminder.relationship.Relationships.Stored;
import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import com.keepintouch.reminder.relationship.domain.TouchSummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

    static final int MAX_SNOOZE_DAYS = 365;

    private final Relationships relationships;
    private final RelationshipManagement management;

    RelationshipController(Relationships relationships, RelationshipManagement management) {
        this.relationships = relationships;
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
                    state.unansweredOutreaches(),
                    new Counts(touches.count(), inbound, touches.count() - inbound, state.gives(), state.asks()),
                    state.reasons(),
                    state.suggestedAction());
        }
    }

    record Page(List<RelationshipResponse> items, String nextCursor) {}

    record SnoozeRequest(Instant until, Integer days) {}

    record Summary(String ownerId, long total, Map<RelationshipStatus, Long> byStatus) {}

    @GetMapping
    Page list(
            Caller caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor) {
        ApiException.pageLimit(limit, 200);
        Optional<RelationshipStatus> wanted =
                Optional.ofNullable(status).filter(s -> !s.isBlank()).map(RelationshipController::status);
        List<Stored> page = relationships.list(
                caller.readableOwners(ownerId), wanted, cursor == null ? null : decode(cursor), limit + 1);
        boolean more = page.size() > limit;
        List<Stored> items = more ? page.subList(0, limit) : page;
        Instant now = management.now();
        String next = null;
        if (more) {
            Stored last = items.get(items.size() - 1);
            next = encode(last.relationship().contactId(), last.nextDueAt());
        }
        return new Page(items.stream().map(s -> view(s, now)).toList(), next);
    }

    @GetMapping("/summary")
    Summary summary(Caller caller, @RequestParam(required = false) String ownerId) {
        Optional<String> owner = caller.readableOwners(ownerId);
        Map<RelationshipStatus, Long> counts = relationships.countByStatus(owner);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(owner.orElse(null), total, counts);
    }

    @GetMapping("/{contactId}")
    RelationshipResponse get(Caller caller, @PathVariable String contactId) {
        Stored stored = readable(caller, contactId);
        return view(stored, management.now());
    }

    @PostMapping(path = "/{contactId}/snooze", consumes = MediaType.APPLICATION_JSON_VALUE)
    RelationshipResponse snooze(Caller caller, @PathVariable String contactId, @RequestBody SnoozeRequest request) {
        Stored stored = readable(caller, contactId);
        if (!caller.mayAccess(stored.relationship().facts().ownerId())) {
            throw RequestRefused.notFound("relationship", contactId);
        }
        Instant now = management.now();
        Instant until = until(request, now);
        return view(management.snooze(stored, until), management.now());
    }

    private static Instant until(SnoozeRequest request, Instant now) {
        if (request == null || (request.until() == null) == (request.days() == null)) {
            throw ApiException.badRequest(
                    "until", "give either 'until' (a future instant) or 'days' (1.." + MAX_SNOOZE_DAYS + ")");
        }
        if (request.days() != null) {
            if (request.days() < 1 || request.days() > MAX_SNOOZE_DAYS) {
                throw ApiException.badRequest("days", "must be between 1 and " + MAX_SNOOZE_DAYS);
            }
            return now.plus(Duration.ofDays(request.days()));
        }
        if (!request.until().isAfter(now)) {
            throw ApiException.badRequest("until", "must be in the future");
        }
        if (request.until().isAfter(now.plus(Duration.ofDays(MAX_SNOOZE_DAYS)))) {
            throw ApiException.badRequest("until", "must be at most " + MAX_SNOOZE_DAYS + " days ahead");
        }
        return request.until();
    }

    private Stored readable(Caller caller, String contactId) {
        return relationships
                .find(contactId)
                .filter(s -> s.relationship().facts().contact() != null)
                .filter(s -> !s.relationship().facts().contact().deleted())
                .filter(s -> caller.mayAccess(s.relationship().facts().ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("relationship", contactId));
    }

    private RelationshipResponse view(Stored stored, Instant now) {
        RelationshipFacts facts = stored.relationship().facts();
        return RelationshipResponse.of(facts, management.rules().assess(facts, now));
    }

    private static RelationshipStatus status(String value) {
        try {
            return RelationshipStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "must be one of " + List.of(RelationshipStatus.values()));
        }
    }

    private static String encode(String id, Instant nextDueAt) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((nextDueAt.toEpochMilli() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, bar))), raw.substring(bar + 1));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("cursor", "is not a cursor this API returned");
        }
    }
}
