package com.keepintouch.reminder.relationship.domain;

import java.util.List;

/**
 * Relationship strength, 0 to 100 (docs/rules.md, "Strength"): the sum of four components' points,
 * each its weight times a value from 0 to 1, rounded.
 *
 * <ul>
 *   <li>recency, 35: {@code 2^(-daysSinceLastTouch / cadenceDays)}, 0 without a touch;
 *   <li>frequency, 25: touch days in the last 365 days against {@code 365 / cadenceDays}, at most 1;
 *   <li>reciprocity, 30: {@code responsiveness / 100 * 0.7 + min(1, 2 * initiatedShare) * 0.3};
 *   <li>tenure, 10: days known over 730, at most 1.
 * </ul>
 *
 * The cadence is the one before adaptation, so that a contact who replies less never scores higher
 * for the longer cadence it gets. Days are whole UTC days, so a score changes at most once a day.
 */
final class StrengthScore {

    static final int RECENCY = 35;
    static final int FREQUENCY = 25;
    static final int RECIPROCITY = 30;
    static final int TENURE = 10;
    static final int FULL_TENURE_DAYS = 730;
    static final int YEAR_DAYS = 365;

    /**
     * What the score is made of.
     *
     * @param daysSinceLastTouch null without a touch
     * @param cadenceDays before adaptation
     * @param touchDaysLastYear touch days within the last 365 days
     * @param initiatedShare 0 to 1
     * @param daysKnown since first met, first touch or added
     */
    record Inputs(
            String name,
            Integer daysSinceLastTouch,
            int cadenceDays,
            int touchDaysLastYear,
            int responsiveness,
            double initiatedShare,
            long daysKnown) {}

    private StrengthScore() {}

    static Strength of(Inputs in) {
        List<StrengthComponent> components = components(in);
        int score = score(components);
        return new Strength(score, components, raiseMost(in, components, score));
    }

    static List<StrengthComponent> components(Inputs in) {
        int cadence = Math.max(1, in.cadenceDays());
        double recency = in.daysSinceLastTouch() == null
                ? 0
                : Math.pow(2, -(double) Math.max(0, in.daysSinceLastTouch()) / cadence);
        double expected = (double) YEAR_DAYS / cadence;
        double frequency = Math.min(1, in.touchDaysLastYear() / expected);
        double reciprocity =
                clamp(in.responsiveness() / 100.0) * 0.7 + Math.min(1, 2 * clamp(in.initiatedShare())) * 0.3;
        double tenure = Math.min(1, Math.max(0, in.daysKnown()) / (double) FULL_TENURE_DAYS);
        String name = in.name();
        return List.of(
                component(
                        "recency",
                        RECENCY,
                        recency,
                        in.daysSinceLastTouch() == null
                                ? "No touch with " + name + " yet."
                                : "Last touch " + ago(in.daysSinceLastTouch()) + ", against a rhythm of every "
                                        + ReciprocityProfile.plural(cadence, "day") + "."),
                component(
                        "frequency",
                        FREQUENCY,
                        frequency,
                        "Touches on " + ReciprocityProfile.plural(in.touchDaysLastYear(), "day")
                                + " of the last year, against " + Math.round(Math.ceil(expected))
                                + " for a rhythm of every " + ReciprocityProfile.plural(cadence, "day") + "."),
                component(
                        "reciprocity",
                        RECIPROCITY,
                        reciprocity,
                        "Responsiveness " + in.responsiveness() + " of 100; " + name + " began "
                                + Math.round(100 * clamp(in.initiatedShare())) + "% of the touches."),
                component(
                        "tenure",
                        TENURE,
                        tenure,
                        "Known for " + ReciprocityProfile.plural(Math.max(0, in.daysKnown()), "day") + " of the "
                                + FULL_TENURE_DAYS + " that give full points."));
    }

    private static StrengthComponent component(String name, int weight, double value, String explanation) {
        double rounded = Math.round(value * 1000) / 1000.0;
        return new StrengthComponent(name, weight, rounded, (int) Math.round(weight * value), explanation);
    }

    static int score(List<StrengthComponent> components) {
        return components.stream().mapToInt(StrengthComponent::points).sum();
    }

    /** The component among those one can act on (not tenure) with the most points still to gain, as an action. */
    private static String raiseMost(Inputs in, List<StrengthComponent> components, int score) {
        StrengthComponent most = null;
        for (StrengthComponent c : components.subList(0, 3)) {
            if (most == null || c.weight() - c.points() > most.weight() - most.points()) {
                most = c;
            }
        }
        String name = in.name();
        if (most.weight() == most.points()) {
            return "Keep the rhythm with " + name + ": nothing you can do now would raise strength further.";
        }
        return switch (most.name()) {
            case "recency" -> {
                int now = score(components(new Inputs(
                        name,
                        0,
                        in.cadenceDays(),
                        in.touchDaysLastYear(),
                        in.responsiveness(),
                        in.initiatedShare(),
                        in.daysKnown())));
                yield "Reach out to " + name + ": a touch now would raise strength from " + score + " to " + now + ".";
            }
            case "frequency" ->
                "Keep in touch with " + name
                        + " more often: touches on more days of the year would raise strength by up to "
                        + (most.weight() - most.points()) + " points.";
            default ->
                "Give " + name + " something worth answering, and ask for nothing: replies and messages from " + name
                        + " would raise strength by up to " + (most.weight() - most.points()) + " points.";
        };
    }

    private static String ago(int days) {
        return days == 0 ? "today" : ReciprocityProfile.plural(days, "day") + " ago";
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
