package com.keepintouch.interaction.interactions.domain;

import com.keepintouch.platform.domain.HttpLinks;
import com.keepintouch.platform.domain.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rules of a touchpoint: it happened (at most a little clock skew ahead), it is about a contact, it has a type. */
public final class InteractionRules {

    /** Clients' clocks run ahead a little; more than this in the future is a mistake. */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    public static final int MAX_SUMMARY = 2_000;
    public static final int MAX_EXTERNAL_ID = 200;
    public static final int MAX_SHAREABLE_ID = 64;

    private InteractionRules() {}

    /** Fills the defaults: OUTBOUND, and now for a missing occurredAt. */
    public static InteractionDraft normalize(InteractionDraft draft, Instant now) {
        return new InteractionDraft(
                draft.contactId() == null ? null : draft.contactId().strip(),
                draft.type(),
                draft.direction() == null ? Direction.OUTBOUND : draft.direction(),
                draft.occurredAt() == null ? now : draft.occurredAt(),
                draft.summary() == null || draft.summary().isBlank()
                        ? null
                        : draft.summary().strip(),
                blankAsNull(draft.externalId()),
                blankAsNull(draft.shareableId()),
                blankAsNull(draft.url()));
    }

    private static String onlyShared(String what, InteractionType type) {
        return "only an ARTICLE_SHARED interaction may carry " + what + "; this one is " + type;
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The broken rules as field and message pairs; empty when the draft is valid. */
    public static List<Violation> check(InteractionDraft draft, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (draft.contactId() == null || draft.contactId().isEmpty()) {
            violations.add(new Violation("contactId", "must not be blank"));
        } else if (draft.contactId().length() > 64) {
            violations.add(new Violation("contactId", "must be at most 64 characters"));
        }
        if (draft.type() == null) {
            violations.add(new Violation("type", "must be one of " + List.of(InteractionType.values())));
        }
        if (draft.occurredAt() != null && draft.occurredAt().isAfter(now.plus(MAX_FUTURE))) {
            violations.add(new Violation("occurredAt", "must not be more than 5 minutes in the future"));
        }
        if (draft.summary() != null && draft.summary().length() > MAX_SUMMARY) {
            violations.add(new Violation("summary", "must be at most " + MAX_SUMMARY + " characters"));
        }
        if (draft.externalId() != null && draft.externalId().length() > MAX_EXTERNAL_ID) {
            violations.add(new Violation("externalId", "must be at most " + MAX_EXTERNAL_ID + " characters"));
        }
        boolean shares = draft.type() == InteractionType.ARTICLE_SHARED;
        if (draft.shareableId() != null) {
            if (draft.type() != null && !shares) {
                violations.add(new Violation("shareableId", onlyShared("a shareableId", draft.type())));
            } else if (draft.shareableId().length() > MAX_SHAREABLE_ID
                    || draft.shareableId().chars().anyMatch(Character::isWhitespace)
                    || draft.shareableId().startsWith("-")) {
                violations.add(new Violation(
                        "shareableId",
                        "must be the id of an item of your library: at most " + MAX_SHAREABLE_ID
                                + " characters, no spaces, not starting with '-'"));
            }
        }
        if (draft.url() != null) {
            if (draft.type() != null && !shares) {
                violations.add(new Violation("url", onlyShared("a url", draft.type())));
            } else {
                HttpLinks.refusal(draft.url()).ifPresent(m -> violations.add(new Violation("url", m)));
            }
        }
        return violations;
    }
}
