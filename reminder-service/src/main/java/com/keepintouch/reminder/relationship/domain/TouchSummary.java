package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the rules read of a run of touches (not deleted, not notes), in order: how many, of which
 * kind, the first and the last, the trailing outreaches without a reply, and the latest touch days.
 * Summaries of consecutive runs combine exactly ({@link #then}), so a relationship keeps its newest
 * touches in full and only the summary of the older ones, whatever their number.
 *
 * @param unanswered outbound touches at the end of the run, after the last inbound one
 * @param distinctDays days (UTC) with at least one touch
 * @param recentDays the latest {@link #DAYS_KEPT} of those days, oldest first
 * @param lastTypes the types of the last two touches, oldest first
 */
public record TouchSummary(
        int count,
        int gives,
        int asks,
        int inbound,
        Instant first,
        Instant last,
        String lastId,
        int unanswered,
        int distinctDays,
        List<LocalDate> recentDays,
        List<InteractionType> lastTypes) {

    /** Touch days a summary keeps: more than any learned cadence looks at. */
    public static final int DAYS_KEPT = 32;

    public static final TouchSummary EMPTY = new TouchSummary(0, 0, 0, 0, null, null, null, 0, 0, List.of(), List.of());

    /** The order of touches: by time, ties broken by id so that every replica agrees. */
    public static final Comparator<Touchpoint> ORDER =
            Comparator.comparing(Touchpoint::occurredAt).thenComparing(Touchpoint::id);

    public TouchSummary {
        recentDays = List.copyOf(recentDays);
        lastTypes = List.copyOf(lastTypes);
    }

    /** The summary of {@code touches}, which are in {@link #ORDER}. */
    public static TouchSummary of(List<Touchpoint> touches) {
        TouchSummary summary = EMPTY;
        for (Touchpoint touch : touches) {
            summary = summary.then(one(touch));
        }
        return summary;
    }

    private static TouchSummary one(Touchpoint touch) {
        boolean inbound = touch.direction() == Direction.INBOUND;
        return new TouchSummary(
                1,
                touch.type().isGive() ? 1 : 0,
                touch.type().isAsk() ? 1 : 0,
                inbound ? 1 : 0,
                touch.occurredAt(),
                touch.occurredAt(),
                touch.id(),
                inbound ? 0 : 1,
                1,
                List.of(day(touch.occurredAt())),
                List.of(touch.type()));
    }

    /** This run followed by {@code newer}, whose touches all come after this run's. */
    public TouchSummary then(TouchSummary newer) {
        if (newer.count == 0) {
            return this;
        }
        if (count == 0) {
            return newer;
        }
        boolean sharedDay = day(last).equals(day(newer.first));
        List<LocalDate> days = new ArrayList<>(recentDays);
        for (LocalDate day : newer.recentDays) {
            if (days.isEmpty() || !days.get(days.size() - 1).equals(day)) {
                days.add(day);
            }
        }
        List<InteractionType> types = new ArrayList<>(lastTypes);
        types.addAll(newer.lastTypes);
        return new TouchSummary(
                count + newer.count,
                gives + newer.gives,
                asks + newer.asks,
                inbound + newer.inbound,
                first,
                newer.last,
                newer.lastId,
                newer.unanswered == newer.count ? newer.count + unanswered : newer.unanswered,
                distinctDays + newer.distinctDays - (sharedDay ? 1 : 0),
                days.subList(Math.max(0, days.size() - DAYS_KEPT), days.size()),
                types.subList(Math.max(0, types.size() - 2), types.size()));
    }

    /** Whether {@code touch} comes after every touch of this run. */
    public boolean precedes(Touchpoint touch) {
        if (count == 0) {
            return true;
        }
        int byTime = last.compareTo(touch.occurredAt());
        return byTime < 0 || (byTime == 0 && lastId.compareTo(touch.id()) < 0);
    }

    /** Whether the last two touches were asks. */
    public boolean lastTwoWereAsks() {
        return lastTypes.size() == 2
                && lastTypes.get(0).isAsk()
                && lastTypes.get(1).isAsk();
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
