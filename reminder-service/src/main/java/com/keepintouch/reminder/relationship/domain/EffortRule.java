package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/**
 * Effort that follows reciprocity (docs/rules.md): a learned or a tier's cadence is lengthened for
 * a contact who rarely replies, by half (a reply rate of one in three or more, but under one in
 * two) or doubled (under one in three), once at least {@link #MIN_OUTREACHES} outreaches are
 * considered. A responsive contact keeps its rhythm; the contact's own and a tag's cadence are
 * never adapted. The non-responsive back-off then works on the adapted cadence.
 */
final class EffortRule {

    /** Outreaches considered before the reply rate says anything. */
    static final int MIN_OUTREACHES = 3;

    private EffortRule() {}

    static Cadence adapted(Cadence base, ReciprocityProfile profile, String name) {
        if (base.source() != CadenceSource.LEARNED && base.source() != CadenceSource.TIER_DEFAULT) {
            return base;
        }
        int[] counts = profile.replyCounts();
        Instant since = profile.lowReplyRateSince(MIN_OUTREACHES);
        if (since == null) {
            return base;
        }
        int outreaches = counts[0];
        int replied = counts[1];
        double factor = 3 * replied >= outreaches ? 1.5 : 2;
        int days = (int) Math.min(ReminderSettings.MAX_CADENCE_DAYS, Math.round(base.days() * factor));
        if (days <= base.days()) {
            return base;
        }
        String reason = name + " replied to " + replied + " of your last "
                + ReciprocityProfile.plural(outreaches, "outreach") + "; reminders every "
                + ReciprocityProfile.plural(days, "day") + " instead of " + base.days() + ".";
        return new Cadence(
                days, base.source(), base.learnedFrom(), null, new CadenceAdaptation(base.days(), days, since, reason));
    }
}
