package com.keepintouch.reminder.relationship.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The reminder rules (docs/rules.md): cadence, due dates, status, give/ask balance, and the
 * sentences that explain them. A pure function of the facts and the instant.
 */
public final class RelationshipRules {

    private final ReminderSettings settings;

    public RelationshipRules(ReminderSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    public ReminderSettings settings() {
        return settings;
    }

    /** The state of a relationship whose contact is known, at {@code now}, for an owner who set nothing up. */
    public Assessment assess(RelationshipFacts facts, Instant now) {
        return assess(facts, now, OwnerPreferences.NONE, List.of());
    }

    /**
     * The state of a relationship whose contact is known, at {@code now}.
     *
     * @param owner the owner's tag cadences and library
     * @param suggested the items announced as suggestions so far (see {@link Relationship#suggested()})
     */
    public Assessment assess(RelationshipFacts facts, Instant now, OwnerPreferences owner, List<Suggested> suggested) {
        ContactFacts contact = Objects.requireNonNull(facts.contact(), "the contact must be known");
        TouchSummary touches = facts.summary();
        ReciprocityProfile profile = ReciprocityProfile.of(facts.touches());
        Reciprocity reciprocity = profile.reciprocity(contact, touches, now);
        Cadence cadence = cadence(contact, touches, owner, profile);
        int unanswered = touches.unanswered();
        int interval = interval(cadence, unanswered);
        Instant lastTouchAt = touches.last();

        Instant due = lastTouchAt != null
                ? lastTouchAt.plus(Duration.ofDays(interval))
                : firstDue(facts.contactId(), contact, cadence);
        Instant snoozedUntil =
                facts.snoozedUntil().filter(until -> until.isAfter(due)).orElse(null);
        Instant held = snoozedUntil != null ? snoozedUntil : due;
        // a planned touch holds the due date back until a grace after it, the time a calendar takes
        // to record the meeting itself, so a meeting that happened never shows as due in between
        Duration grace = settings.plannedGrace();
        Instant plannedUntil = facts.latestPlan()
                .map(PlannedTouch::plannedFor)
                .filter(planned -> planned.plus(grace).isAfter(held))
                .orElse(null);
        Instant nextDueAt = plannedUntil != null ? plannedUntil.plus(grace) : held;
        Instant overdueAt = nextDueAt.plus(Duration.ofDays(interval).dividedBy(2));

        RelationshipStatus status;
        Instant nextCheckAt;
        if (contact.deleted() || contact.status() != ContactStatus.ACTIVE) {
            status = RelationshipStatus.PAUSED;
            nextCheckAt = null;
        } else if (unanswered >= settings.nonResponsiveAfter() && now.isBefore(nextDueAt)) {
            status = RelationshipStatus.NON_RESPONSIVE;
            nextCheckAt = nextDueAt;
        } else if (!now.isBefore(overdueAt)) {
            status = RelationshipStatus.OVERDUE;
            nextCheckAt = null;
        } else if (!now.isBefore(nextDueAt)) {
            status = RelationshipStatus.DUE;
            nextCheckAt = overdueAt;
        } else {
            status = RelationshipStatus.OK;
            nextCheckAt = nextDueAt;
        }

        int gives = touches.gives();
        int asks = touches.asks();
        Assessment unexplained = new Assessment(
                status,
                cadence,
                interval,
                lastTouchAt,
                nextDueAt,
                overdueAt,
                unanswered,
                gives,
                asks,
                touches.count(),
                snoozedUntil,
                facts.nextPlan(now).orElse(null),
                plannedUntil,
                List.of(),
                "",
                nextCheckAt,
                reciprocity,
                null,
                null);
        unexplained = unexplained.scored(
                strength(facts, unexplained, now),
                suggestion(facts, unexplained, owner, suggested).orElse(null));
        Explanation explanation = new Explanation(contact, touches, unexplained, now);
        return unexplained.explained(explanation.reasons(), explanation.suggestedAction());
    }

    /**
     * Why {@code ask} came too soon, if it did: within the grace period after meeting, or while
     * the asks up to it outnumber the gives up to it.
     */
    public Optional<String> askTooSoon(RelationshipFacts facts, Touchpoint ask) {
        ContactFacts contact = facts.contact();
        if (contact == null || !ask.isTouch() || !ask.type().isAsk()) {
            return Optional.empty();
        }
        String name = contact.displayName();
        TouchSummary upToAsk = facts.summaryThrough(ask);
        Instant firstMet = contact.metAt() != null
                ? contact.metAt()
                : contact.createdAt() != null ? contact.createdAt() : upToAsk.first();
        if (ask.occurredAt().isBefore(firstMet.plus(settings.askGrace()))) {
            long days = Math.max(0, ChronoUnit.DAYS.between(firstMet, ask.occurredAt()));
            return Optional.of(String.format(
                    Locale.ROOT,
                    "You asked %s for a favour %d %s after meeting; give before you ask.",
                    name,
                    days,
                    days == 1 ? "day" : "days"));
        }
        long asks = upToAsk.asks();
        long gives = upToAsk.gives();
        if (asks > gives) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "Your asks of %s (%d) outnumber your gives (%d); give before you ask.",
                    name,
                    asks,
                    gives));
        }
        return Optional.empty();
    }

    /** How the contact treats the recruiter, from the touches kept in full (docs/rules.md, "Reciprocity"). */
    Reciprocity reciprocity(RelationshipFacts facts, Instant now) {
        return ReciprocityProfile.of(facts.touches()).reciprocity(facts.contact(), facts.summary(), now);
    }

    /** How strong the relationship is at {@code now} (docs/rules.md, "Strength"). */
    Strength strength(RelationshipFacts facts, Assessment state, Instant now) {
        ContactFacts contact = facts.contact();
        LocalDate today = TouchSummary.day(now);
        Integer daysSince = state.lastTouchAt() == null
                ? null
                : (int) Math.max(0, ChronoUnit.DAYS.between(TouchSummary.day(state.lastTouchAt()), today));
        Set<LocalDate> days = new HashSet<>(facts.archived().recentDays());
        facts.touches().forEach(t -> days.add(TouchSummary.day(t.occurredAt())));
        int lastYear = (int) days.stream()
                .filter(d -> !d.isAfter(today) && ChronoUnit.DAYS.between(d, today) < StrengthScore.YEAR_DAYS)
                .count();
        Instant known = Stream.of(contact.metAt(), facts.summary().first(), contact.createdAt())
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(now);
        long daysKnown = Math.max(0, ChronoUnit.DAYS.between(TouchSummary.day(known), today));
        Reciprocity reciprocity = state.reciprocity();
        return StrengthScore.of(new StrengthScore.Inputs(
                contact.displayName(),
                daysSince,
                state.cadence().baseDays(),
                lastYear,
                reciprocity.responsiveness(),
                reciprocity.initiatedShare(),
                daysKnown));
    }

    /**
     * The best item of the owner's library for a due relationship: matched by topic, never shared
     * with the contact, never suggested for another due date (docs/rules.md, "Something worth sharing").
     */
    Optional<Suggestion> suggestion(
            RelationshipFacts facts, Assessment state, OwnerPreferences owner, List<Suggested> suggested) {
        if (state.status() != RelationshipStatus.DUE && state.status() != RelationshipStatus.OVERDUE
                || owner.shareables().isEmpty()) {
            return Optional.empty();
        }
        return new ShareableMatcher(facts.contact())
                .best(owner.shareables(), facts.touches(), suggested, state.nextDueAt());
    }

    /**
     * The contact's own, else the first of the contact's tags the owner set a cadence for, else
     * learned from enough touch days, else the tier's default; a learned or tier cadence lengthened
     * for a contact who rarely replies ({@link EffortRule}).
     */
    Cadence cadence(ContactFacts contact, TouchSummary touches, OwnerPreferences owner, ReciprocityProfile profile) {
        if (contact.cadenceDays() == null) {
            for (String tag : contact.tags()) {
                Integer days = tag == null ? null : owner.tagCadences().get(ShareableMatcher.normal(tag));
                if (days != null) {
                    return new Cadence(days, CadenceSource.TAG, 0, tag.trim(), null);
                }
            }
        }
        return EffortRule.adapted(
                cadence(contact, touches),
                profile,
                touches.unanswered(),
                settings.nonResponsiveAfter(),
                contact.displayName());
    }

    /** Explicit, else learned from enough touch days, else the tier's default. */
    Cadence cadence(ContactFacts contact, TouchSummary touches) {
        if (contact.cadenceDays() != null) {
            return new Cadence(contact.cadenceDays(), CadenceSource.EXPLICIT, 0);
        }
        List<LocalDate> days = touches.recentDays();
        if (touches.distinctDays() >= settings.learnMinTouchDays()) {
            List<LocalDate> recent =
                    days.subList(Math.max(0, days.size() - settings.learnFromIntervals() - 1), days.size());
            List<Long> intervals = new ArrayList<>();
            for (int i = 1; i < recent.size(); i++) {
                intervals.add(ChronoUnit.DAYS.between(recent.get(i - 1), recent.get(i)));
            }
            intervals.sort(null);
            int n = intervals.size();
            double median = n % 2 == 1 ? intervals.get(n / 2) : (intervals.get(n / 2 - 1) + intervals.get(n / 2)) / 2.0;
            int learned = (int) Math.max(1, Math.min(ReminderSettings.MAX_CADENCE_DAYS, Math.round(median)));
            return new Cadence(learned, CadenceSource.LEARNED, recent.size());
        }
        Tier tier = contact.tier() == null ? Tier.REGULAR : contact.tier();
        return new Cadence(settings.tierDefaultDays().get(tier), CadenceSource.TIER_DEFAULT, 0);
    }

    /** The cadence, backed off for a contact who does not reply: doubled, and doubled again per further outreach. */
    int interval(Cadence cadence, int unanswered) {
        if (unanswered < settings.nonResponsiveAfter()) {
            return cadence.days();
        }
        int doublings = Math.min(20, unanswered - settings.nonResponsiveAfter() + 1);
        long backedOff = (long) cadence.days() << doublings;
        return (int) Math.min(backedOff, Math.max(cadence.days(), settings.maxBackoffDays()));
    }

    /**
     * A new contact's first due date: a cadence after meeting, never before it became known here,
     * plus a stable offset within the spread window so that an import does not fall due on one day.
     */
    Instant firstDue(String contactId, ContactFacts contact, Cadence cadence) {
        Instant known = contact.createdAt() != null ? contact.createdAt() : Instant.EPOCH;
        Instant anchor = contact.metAt() != null ? contact.metAt() : known;
        Instant due = anchor.plus(Duration.ofDays(cadence.days()));
        if (due.isBefore(known)) {
            due = known;
        }
        return due.plus(spread(contactId));
    }

    Duration spread(String contactId) {
        long windowMinutes = settings.newContactSpread().toMinutes();
        if (windowMinutes <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMinutes(Math.floorMod(stableHash(contactId), windowMinutes));
    }

    /**
     * When a relationship's stored scores are next brought up to date, strength falling as days pass
     * without a touch: once a UTC day, at a stable offset into the day per contact, so that the
     * refreshes of all relationships do not fall at midnight together.
     */
    public Instant nextRefreshAt(String contactId, Instant now) {
        Duration offset = Duration.ofMinutes(
                Math.floorMod(stableHash(contactId), Duration.ofDays(1).toMinutes()));
        Instant today = now.truncatedTo(ChronoUnit.DAYS).plus(offset);
        return today.isAfter(now) ? today : today.plus(Duration.ofDays(1));
    }

    private static long stableHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            long hash = 0;
            for (int i = 0; i < 8; i++) {
                hash = (hash << 8) | (digest[i] & 0xff);
            }
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
