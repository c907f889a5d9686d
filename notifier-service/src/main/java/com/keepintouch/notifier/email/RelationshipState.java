package com.keepintouch.notifier.email;

import java.time.Instant;
import java.util.List;

/** The latest state of one relationship, as its last {@code relationships.v1} event told it. */
public record RelationshipState(
        String contactId,
        String ownerId,
        String contactName,
        String status,
        List<String> reasons,
        String suggestedAction,
        Instant nextDueAt,
        Instant overdueAt,
        long sequence) {

    public RelationshipState {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
