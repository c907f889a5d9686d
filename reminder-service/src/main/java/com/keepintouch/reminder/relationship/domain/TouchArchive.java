package com.keepintouch.reminder.relationship.domain;

import java.util.List;
import java.util.Optional;

/**
 * The older touchpoints of one relationship, kept outside it: asked only for an event about an
 * interaction older than the newest ones the relationship holds (a late arrival, a repeat of an old
 * event, the deletion of an old interaction), so folding a new touch never reads them.
 */
public interface TouchArchive {

    /** No older touchpoints. */
    TouchArchive NONE = new TouchArchive() {
        @Override
        public Optional<Touchpoint> find(String interactionId) {
            return Optional.empty();
        }

        @Override
        public List<Touchpoint> all() {
            return List.of();
        }
    };

    /** The archived touchpoint of this interaction, a deleted one included. */
    Optional<Touchpoint> find(String interactionId);

    /** Every archived touchpoint, in any order. */
    List<Touchpoint> all();
}
