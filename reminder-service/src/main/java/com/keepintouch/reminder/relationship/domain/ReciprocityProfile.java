package com.keepintouch.reminder.relationship.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out how a contact treats the recruiter from the touches kept in full (docs/rules.md,
 * "Reciprocity"): which inbound touch answers which outreach, the reply rate over the latest
 * {@value Reciprocity#OUTREACHES_CONSIDERED} outreaches, the touches the contact began, and the
 * sentences that say so.
 *
 * <p>An inbound touch answers the outreach its {@code inReplyTo} names (exact, from capture);
 * without one, it answers the latest outreach before it still unanswered, when it comes within
 * {@link #HAND_LOGGED_REPLY} of it (a reply logged by hand). Exact replies claim their outreaches
 * first. Any other inbound touch is one the contact initiated.
 */
final class ReciprocityProfile {

    /** How soon after an outreach an inbound touch logged by hand still counts as its reply. */
    static final Duration HAND_LOGGED_REPLY = Duration.ofDays(14);

    private static final Duration YEAR = Duration.ofDays(365);

    private final List<Touchpoint> touches;
    /** Per outreach (index into touches), the index of the inbound touch that answers it. */
    private final Map<Integer, Integer> answeredBy;
    /** Inbound touches (indexes) that answer an outreach, the one answered perhaps outside the window. */
    private final boolean[] isReply;

    private ReciprocityProfile(List<Touchpoint> touches) {
        this.touches = touches;
        this.answeredBy = new HashMap<>();
        this.isReply = new boolean[touches.size()];
        match();
    }

    /** The profile of a window of touches (not deleted, not notes), in {@link TouchSummary#ORDER}. */
    static ReciprocityProfile of(List<Touchpoint> touches) {
        return new ReciprocityProfile(touches);
    }

    private void match() {
        Map<String, Integer> outreachById = new HashMap<>();
        for (int i = 0; i < touches.size(); i++) {
            Touchpoint touch = touches.get(i);
            if (touch.direction() != Direction.INBOUND) {
                outreachById.put(touch.id(), i);
            }
        }
        for (int i = 0; i < touches.size(); i++) {
            Touchpoint touch = touches.get(i);
            if (touch.direction() == Direction.INBOUND && touch.inReplyTo() != null) {
                isReply[i] = true;
                Integer outreach = outreachById.get(touch.inReplyTo().interactionId());
                if (outreach != null && outreach < i) {
                    answeredBy.putIfAbsent(outreach, i);
                }
            }
        }
        for (int i = 0; i < touches.size(); i++) {
            Touchpoint touch = touches.get(i);
            if (touch.direction() != Direction.INBOUND || touch.inReplyTo() != null) {
                continue;
            }
            for (int o = i - 1; o >= 0; o--) {
                if (touches.get(o).direction() == Direction.INBOUND || answeredBy.containsKey(o)) {
                    continue;
                }
                if (!touch.occurredAt().isAfter(touches.get(o).occurredAt().plus(HAND_LOGGED_REPLY))) {
                    answeredBy.put(o, i);
                    isReply[i] = true;
                }
                break;
            }
        }
    }

    /** The indexes of the latest outreaches considered, oldest first. */
    private List<Integer> considered() {
        List<Integer> outreaches = new ArrayList<>();
        for (int i = touches.size() - 1; i >= 0 && outreaches.size() < Reciprocity.OUTREACHES_CONSIDERED; i--) {
            if (touches.get(i).direction() != Direction.INBOUND) {
                outreaches.add(0, i);
            }
        }
        return outreaches;
    }

    /** Outreaches considered, replied among them. */
    int[] replyCounts() {
        List<Integer> considered = considered();
        int replied = (int) considered.stream().filter(answeredBy::containsKey).count();
        return new int[] {considered.size(), replied};
    }

    /** round(100 * (replied + 1) / (outreaches + 2)): a prior of one reply in two, so a new relationship is 50. */
    static int responsiveness(int outreaches, int replied) {
        return (int) Math.round(100.0 * (replied + 1) / (outreaches + 2));
    }

    /**
     * When the reply rate over the outreaches considered last fell under one in two and has stayed
     * there since: the time of the outreach after which it has held continuously; null when it does
     * not hold now. A reply never lowers the rate, so only an outreach makes it fall.
     */
    Instant lowReplyRateSince(int minOutreaches) {
        if (!lowReplyRate(replyCounts(), minOutreaches)) {
            return null;
        }
        Instant since = null;
        for (int end = touches.size(); end > 0; end--) {
            Touchpoint last = touches.get(end - 1);
            int[] counts = end == touches.size()
                    ? replyCounts()
                    : of(touches.subList(0, end)).replyCounts();
            if (!lowReplyRate(counts, minOutreaches)) {
                break;
            }
            if (last.direction() != Direction.INBOUND) {
                since = last.occurredAt();
            }
        }
        return since;
    }

    static boolean lowReplyRate(int[] counts, int minOutreaches) {
        return counts[0] >= minOutreaches && 2 * counts[1] < counts[0];
    }

    /** The figures and sentences for {@code contact}, with the give/ask balance of all touches. */
    Reciprocity reciprocity(ContactFacts contact, TouchSummary all, Instant now) {
        List<Integer> considered = considered();
        List<Long> replyMinutes = new ArrayList<>();
        boolean allEmail = true;
        for (int o : considered) {
            allEmail &= touches.get(o).type() == InteractionType.EMAIL;
            Integer reply = answeredBy.get(o);
            if (reply != null) {
                replyMinutes.add(Duration.between(
                                touches.get(o).occurredAt(), touches.get(reply).occurredAt())
                        .toMinutes());
            }
        }
        int outreaches = considered.size();
        int replied = replyMinutes.size();
        Integer medianReplyHours = replyMinutes.isEmpty() ? null : (int) Math.round(median(replyMinutes) / 60.0);

        int initiated = 0;
        int initiatedThisYear = 0;
        int inbound = 0;
        int outreachesInWindow = 0;
        Instant lastReachedOutAt = null;
        for (int i = 0; i < touches.size(); i++) {
            Touchpoint touch = touches.get(i);
            if (touch.direction() != Direction.INBOUND) {
                outreachesInWindow++;
                continue;
            }
            inbound++;
            if (!isReply[i]) {
                initiated++;
                lastReachedOutAt = touch.occurredAt();
                if (touch.occurredAt().isAfter(now.minus(YEAR))) {
                    initiatedThisYear++;
                }
            }
        }
        double initiatedShare = touches.isEmpty() ? 0 : (double) initiated / touches.size();
        Integer daysSince =
                lastReachedOutAt == null ? null : (int) Math.max(0, ChronoUnit.DAYS.between(lastReachedOutAt, now));
        boolean oneWay = outreachesInWindow >= 3 && inbound == 0;

        String name = contact.displayName();
        List<String> sentences = new ArrayList<>();
        if (oneWay) {
            sentences.add("You have reached out to " + name + " " + times(outreachesInWindow)
                    + " without a reply or a message from " + name + ".");
        } else {
            String first = null;
            if (outreaches > 0) {
                String what = allEmail ? "email" : "outreach";
                if (outreaches == 1) {
                    first = replied == 0
                            ? name + " has not replied to your " + what
                            : name + " replied to your " + what + " " + speed(median(replyMinutes));
                } else {
                    first = replied == 0
                            ? name + " has not replied to your last " + plural(outreaches, what)
                            : name + " replied to " + replied + " of your last " + plural(outreaches, what) + ", "
                                    + (replied == 1 ? "" : "usually ") + speed(median(replyMinutes));
                }
            }
            if (initiatedThisYear > 0) {
                String began = name + " reached out first " + times(initiatedThisYear) + " in the last year";
                first = first == null ? began : first + "; " + began;
            }
            if (first != null) {
                sentences.add(first + ".");
            }
            if (daysSince != null && daysSince > 0) {
                sentences.add(name + " last reached out " + plural(daysSince, "day") + " ago.");
            }
        }
        return new Reciprocity(
                outreaches,
                replied,
                medianReplyHours,
                initiated,
                Math.round(initiatedShare * 1000) / 1000.0,
                lastReachedOutAt,
                daysSince,
                all.gives(),
                all.asks(),
                responsiveness(outreaches, replied),
                oneWay,
                sentences);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** How soon a typical reply comes, in words: "within an hour", "within a day", "within 3 days". */
    static String speed(double minutes) {
        double hours = minutes / 60.0;
        if (hours <= 1) {
            return "within an hour";
        }
        if (hours <= 24) {
            return "within a day";
        }
        long days = (long) Math.ceil(hours / 24);
        return days <= 7 ? "within " + days + " days" : "after about " + Math.round(hours / 24) + " days";
    }

    static String times(int count) {
        return switch (count) {
            case 1 -> "once";
            case 2 -> "twice";
            default -> count + " times";
        };
    }

    static String plural(long count, String noun) {
        String plural = noun.endsWith("ch") ? noun + "es" : noun + "s";
        return count + " " + (count == 1 ? noun : plural);
    }
}
