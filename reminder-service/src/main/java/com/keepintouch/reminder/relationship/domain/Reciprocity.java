package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.List;

/**
 * How a contact treats the recruiter over time (docs/rules.md, "Reciprocity"), from the touches
 * kept in full and the replies captured among them.
 *
 * @param outreaches the recruiter's latest outreaches looked at (at most {@link #OUTREACHES_CONSIDERED})
 * @param replied how many of those were answered
 * @param medianReplyHours the median time to a reply among them; null with no reply
 * @param initiatedByContact touches the contact began (inbound and not a reply), among the touches kept
 * @param initiatedShare initiatedByContact over all touches kept, 0 to 1
 * @param lastReachedOutAt when the contact last began a touch; null if never
 * @param daysSinceContactReachedOut days from then until now; null if never
 * @param gives gives of all touches
 * @param asks asks of all touches
 * @param responsiveness 0 to 100: a reply never lowers it, an unanswered outreach never raises it
 * @param oneWay the recruiter keeps reaching out and the contact never replies nor initiates
 * @param sentences what the figures say, in words
 */
public record Reciprocity(
        int outreaches,
        int replied,
        Integer medianReplyHours,
        int initiatedByContact,
        double initiatedShare,
        Instant lastReachedOutAt,
        Integer daysSinceContactReachedOut,
        int gives,
        int asks,
        int responsiveness,
        boolean oneWay,
        List<String> sentences) {

    /** Outreaches the reply rate is taken over. */
    public static final int OUTREACHES_CONSIDERED = 10;

    public Reciprocity {
        sentences = List.copyOf(sentences);
    }
}
