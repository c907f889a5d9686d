package com.keepintouch.platform.paging;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a keyset-paged list resumes: the sort key of the last item returned (an instant, for lists
 * sorted by time; a number, for lists sorted by a score) and its id, which breaks ties.
 *
 * @param at the instant key; null for a list not sorted by time
 * @param number the numeric key; null for a list not sorted by a number
 */
public record Position(Instant at, Long number, String id) {

    public Position {
        Objects.requireNonNull(id, "id");
    }

    /** The position of a list sorted by an instant, then id. */
    public Position(Instant at, String id) {
        this(at, null, id);
    }

    /** The position of a list sorted by id alone. */
    public static Position of(String id) {
        return new Position(null, null, id);
    }

    /** The position of a list sorted by a number, then id. */
    public static Position of(long number, String id) {
        return new Position(null, number, id);
    }
}
