package com.keepintouch.platform.paging;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a keyset-paged list resumes: the sort key of the last item returned (an instant, for lists
 * sorted by time) and its id, which breaks ties.
 */
public record Position(Instant at, String id) {

    public Position {
        Objects.requireNonNull(id, "id");
    }

    /** The position of a list sorted by id alone. */
    public static Position of(String id) {
        return new Position(null, id);
    }
}
