package com.keepintouch.notifier.email;

import com.keepintouch.platform.domain.HttpLinks;
import java.time.Instant;
import java.util.List;

/**
 * The latest state of one relationship, as its last {@code relationships.v1} event told it.
 *
 * @param strength the relationship's strength, 0 to 100; null when the event did not carry one
 * @param raiseMost the one thing that would raise the strength most, in words; null when not told
 * @param responsiveness how readily the contact answers, 0 to 100; null when not told
 * @param reciprocity the sentences that say how the contact treats the owner; empty when not told
 * @param suggestion the item of the owner's library worth sharing now; null when there is none
 */
public record RelationshipState(
        String contactId,
        String ownerId,
        String contactName,
        String status,
        List<String> reasons,
        String suggestedAction,
        Instant nextDueAt,
        Instant overdueAt,
        long sequence,
        Integer strength,
        String raiseMost,
        Integer responsiveness,
        List<String> reciprocity,
        Suggestion suggestion) {

    public RelationshipState {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        reciprocity = reciprocity == null ? List.of() : List.copyOf(reciprocity);
    }

    /** A state as events told it before they carried strength, reciprocity and suggestions. */
    public RelationshipState(
            String contactId,
            String ownerId,
            String contactName,
            String status,
            List<String> reasons,
            String suggestedAction,
            Instant nextDueAt,
            Instant overdueAt,
            long sequence) {
        this(
                contactId,
                ownerId,
                contactName,
                status,
                reasons,
                suggestedAction,
                nextDueAt,
                overdueAt,
                sequence,
                null,
                null,
                null,
                List.of(),
                null);
    }

    /** Something from the owner's library worth sharing with the contact, and why. */
    public record Suggestion(String shareableId, String title, String url, String why) {

        /**
         * The url when it is one to follow (http or https with a host), else null: the url comes from
         * a user's library, and a {@code javascript:} or {@code data:} url must never become a link.
         */
        public String link() {
            return url != null && HttpLinks.refusal(url).isEmpty() ? url.strip() : null;
        }
    }
}
