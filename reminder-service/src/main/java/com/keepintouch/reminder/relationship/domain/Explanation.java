package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an assessment into sentences a recruiter understands, and into the one thing to do next. */
final class Explanation {

    private final ContactFacts contact;
    private final TouchSummary touches;
    private final Assessment state;
    private final Instant now;
    private final String name;

    Explanation(ContactFacts contact, TouchSummary touches, Assessment state, Instant now) {
        this.contact = contact;
        this.touches = touches;
        this.state = state;
        this.now = now;
        this.name = contact.displayName();
    }

    List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        if (state.status() == RelationshipStatus.PAUSED) {
            reasons.add(
                    contact.deleted()
                            ? name + " was deleted from your contacts; no reminders."
                            : contact.status() == ContactStatus.DO_NOT_CONTACT
                                    ? name + " asked not to be contacted; no reminders."
                                    : "You paused " + name + "; no reminders until you set them active again.");
            return reasons;
        }
        if (state.lastTouchAt() == null) {
            reasons.add(
                    contact.metAt() != null
                            ? "No touch recorded since you met " + name + " on " + date(contact.metAt()) + "."
                            : "No touch recorded since " + name + " was added on " + date(contact.createdAt()) + ".");
            reasons.add(capitalized(cadencePhrase()) + ".");
        } else {
            long days = daysBetween(state.lastTouchAt(), now);
            reasons.add(
                    days == 0
                            ? "Last touch today; " + cadencePhrase() + "."
                            : "No touch for " + plural(days, "day") + "; " + cadencePhrase() + ".");
        }
        CadenceAdaptation adaptation = state.cadence().adaptation();
        if (adaptation != null) {
            reasons.add(adaptation.reason());
        }
        int unanswered = state.unansweredOutreaches();
        if (state.intervalDays() != state.cadence().days()) {
            reasons.add(name + " has not replied to your last " + plural(unanswered, "outreach")
                    + "; reminders back off to every " + plural(state.intervalDays(), "day") + ".");
        } else if (unanswered > 0 && unanswered < touches.count()) {
            reasons.add("No reply yet to your last " + plural(unanswered, "outreach") + ".");
        }
        switch (state.status()) {
            case OK ->
                reasons.add("Next touch due on " + date(state.nextDueAt()) + " (in "
                        + plural(Math.max(1, daysBetween(now, state.nextDueAt())), "day") + ").");
            case DUE -> reasons.add("Due since " + date(state.nextDueAt()) + ".");
            case OVERDUE ->
                reasons.add(
                        "Overdue since " + date(state.overdueAt()) + " (due since " + date(state.nextDueAt()) + ").");
            case NON_RESPONSIVE -> reasons.add("Next nudge on " + date(state.nextDueAt()) + ", not before.");
            default -> {}
        }
        PlannedTouch planned = state.plannedTouch();
        if (planned != null) {
            reasons.add(touchWord(planned.type()) + " planned with " + name + " on " + date(planned.plannedFor())
                    + (planned.plannedFor().equals(state.plannedUntil()) ? "; nothing is due before it." : "."));
        } else if (state.plannedUntil() != null) {
            reasons.add("A touch was planned with " + name + " on " + date(state.plannedUntil())
                    + "; none is recorded since.");
        }
        if (state.snoozedUntil() != null) {
            reasons.add("Snoozed until " + date(state.snoozedUntil()) + ".");
        } else if (state.lastTouchAt() == null && state.plannedUntil() == null) {
            reasons.add("First reminder placed on " + date(state.nextDueAt())
                    + " so that new contacts do not all fall due on one day.");
        }
        if (state.asks() > state.gives()) {
            reasons.add("Your asks (" + state.asks() + ") outnumber your gives (" + state.gives() + ").");
        }
        // how the contact treats you comes last: the reasons above say why the status is what it is
        Reciprocity reciprocity = state.reciprocity();
        if (reciprocity != null) {
            reasons.addAll(reciprocity
                    .sentences()
                    .subList(0, Math.min(2, reciprocity.sentences().size())));
        }
        return reasons;
    }

    String suggestedAction() {
        return switch (state.status()) {
            case PAUSED ->
                contact.deleted()
                        ? "Nothing to do."
                        : contact.status() == ContactStatus.DO_NOT_CONTACT
                                ? "Do not contact " + name + "."
                                : "Nothing to do while " + name + " is paused.";
            case NON_RESPONSIVE ->
                "Don't chase " + name + ": no reply to your last "
                        + plural(state.unansweredOutreaches(), "outreach") + ". Wait until " + date(state.nextDueAt())
                        + ", then share something useful without asking for anything.";
            case DUE, OVERDUE -> {
                String when = state.status() == RelationshipStatus.OVERDUE ? "today" : "this week";
                Suggestion suggestion = state.suggestion();
                if (suggestion != null) {
                    yield suggestedShare(suggestion, when);
                }
                if (touches.lastTwoWereAsks()) {
                    yield "Share something useful with " + name
                            + " without asking for anything: your last two touches were asks.";
                }
                if (state.asks() > state.gives()) {
                    yield "Give before you ask: share an article, an introduction or a favour with " + name + " " + when
                            + ".";
                }
                if (state.intervalDays() != state.cadence().days()) {
                    yield "Try " + name + " once more, gently: share something useful and ask for nothing.";
                }
                yield "Reach out to " + name + " " + when + ": a short note, or something useful you came across.";
            }
            case OK -> {
                if (state.asks() > state.gives()) {
                    yield "Nothing due; when you next reach out to " + name + ", give before you ask.";
                }
                PlannedTouch planned = state.plannedTouch();
                if (planned != null && state.plannedUntil() != null) {
                    yield "Nothing to do before the "
                            + touchWord(planned.type()).toLowerCase(Locale.ROOT) + " planned with " + name + " on "
                            + date(planned.plannedFor()) + ".";
                }
                yield "Nothing to do now; next touch by " + date(state.nextDueAt()) + ".";
            }
        };
    }

    /** The due action when there is an item worth sharing: the item is the give, whatever else is advised. */
    private String suggestedShare(Suggestion suggestion, String when) {
        String item = suggestion.title() == null || suggestion.title().isBlank()
                ? suggestion.url()
                : "'" + suggestion.title() + "'";
        if (touches.lastTwoWereAsks()) {
            return "Share " + item + " with " + name + " without asking for anything: your last two touches were asks.";
        }
        if (state.asks() > state.gives()) {
            return "Give before you ask: share " + item + " with " + name + " " + when + ".";
        }
        if (state.intervalDays() != state.cadence().days()) {
            return "Try " + name + " once more, gently: share " + item + " and ask for nothing.";
        }
        return "Share " + item + " with " + name + " " + when + ": " + suggestion.why();
    }

    private String cadencePhrase() {
        Cadence cadence = state.cadence();
        return switch (cadence.source()) {
            case EXPLICIT -> "you chose to keep in touch with " + name + " every " + plural(cadence.baseDays(), "day");
            case TAG ->
                "you keep in touch with your " + cadence.tag() + " contacts every " + plural(cadence.baseDays(), "day");
            case LEARNED -> "your usual rhythm with " + name + " is every " + plural(cadence.baseDays(), "day");
            case TIER_DEFAULT ->
                name + " is a " + contactTier() + " contact: every " + plural(cadence.baseDays(), "day")
                        + " by default";
        };
    }

    /** "Meeting" for a MEETING, "Article shared" for an ARTICLE_SHARED. */
    private static String touchWord(InteractionType type) {
        return type == null
                ? "Touch"
                : capitalized(type.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    private String contactTier() {
        return contact.tier() == null ? "regular" : contact.tier().name().toLowerCase(Locale.ROOT);
    }

    private static long daysBetween(Instant from, Instant to) {
        return Math.max(0, ChronoUnit.DAYS.between(from, to));
    }

    private static String date(Instant instant) {
        return instant == null
                ? "an unknown date"
                : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static String plural(long count, String noun) {
        String plural = noun.endsWith("ch") ? noun + "es" : noun + "s";
        return count + " " + (count == 1 ? noun : plural);
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
