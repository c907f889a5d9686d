package com.keepintouch.reminder.relationship.domain;

/**
 * How often to keep in touch with one contact.
 *
 * @param days days between touches, after any adaptation
 * @param source where the figure came from
 * @param learnedFrom for a learned cadence, how many touch days it was learned from
 * @param tag for a tag's cadence, the tag (as the owner wrote it); null otherwise
 * @param adaptation how reciprocity lengthened the cadence; null when it did not
 */
public record Cadence(int days, CadenceSource source, int learnedFrom, String tag, CadenceAdaptation adaptation) {

    public Cadence(int days, CadenceSource source, int learnedFrom) {
        this(days, source, learnedFrom, null, null);
    }

    /** The cadence before any adaptation. */
    public int baseDays() {
        return adaptation == null ? days : adaptation.baseDays();
    }
}
