package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;

/**
 * A cadence lengthened because the contact rarely replies (docs/rules.md, "Effort that follows
 * reciprocity"). Only a learned or a tier's cadence is adapted; the contact's own and a tag's never are.
 *
 * @param baseDays the cadence before adaptation
 * @param days the cadence after it
 * @param since when the adaptation began to hold (the outreach after which the reply rate fell low)
 * @param reason the sentence that explains it
 */
public record CadenceAdaptation(int baseDays, int days, Instant since, String reason) {}
