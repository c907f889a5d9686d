package com.keepintouch.platform.paging;

import com.keepintouch.platform.domain.RequestRefused;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The page a caller asked for: at most {@code limit} items after {@code after}. Built from the
 * {@code limit} and {@code cursor} query parameters, which it checks (a wrong one is a 400 naming
 * it); a repository fetches {@link #fetchSize()} items and {@link #page} cuts them into the answer.
 */
public record PageRequest(int limit, Optional<Position> after) {

    /** The {@code limit} a list answers with when the caller names none. */
    public static final int DEFAULT_LIMIT = 50;

    /** The largest {@code limit} a caller may ask for. */
    public static final int MAX_LIMIT = 200;

    private static final String FOREIGN = "is not a cursor this API gave out";

    /** What starts the key of a numbered position, so that no other list's cursor passes for one. */
    private static final String NUMBERED = "n";

    /** For lists sorted by id: the cursor holds an id. */
    public static PageRequest byId(int limit, String cursor) {
        return new PageRequest(checked(limit), Optional.ofNullable(cursor).map(c -> decode(c, false)));
    }

    /** For lists sorted by an instant and then id: the cursor holds both. */
    public static PageRequest byInstantAndId(int limit, String cursor) {
        return new PageRequest(checked(limit), Optional.ofNullable(cursor).map(c -> decode(c, true)));
    }

    /** For lists sorted by a number (a score) and then id: the cursor holds both. */
    public static PageRequest byNumberAndId(int limit, String cursor) {
        return new PageRequest(checked(limit), Optional.ofNullable(cursor).map(PageRequest::decodeNumbered));
    }

    /** {@link #byId(int, String)} for ids of one form: a cursor naming an id of another form was not given out here. */
    public static PageRequest byId(int limit, String cursor, Pattern idForm) {
        if (cursor != null && idForm.matcher(cursor).matches()) {
            // a list whose cursor was the last id as it is, before this form: it still resumes there
            return new PageRequest(checked(limit), Optional.of(Position.of(cursor)));
        }
        return byId(limit, cursor).requireIds(idForm);
    }

    /** {@link #byInstantAndId(int, String)} for ids of one form. */
    public static PageRequest byInstantAndId(int limit, String cursor, Pattern idForm) {
        return byInstantAndId(limit, cursor).requireIds(idForm);
    }

    private PageRequest requireIds(Pattern idForm) {
        if (after.isPresent() && !idForm.matcher(after.get().id()).matches()) {
            throw RequestRefused.invalid("cursor", FOREIGN);
        }
        return this;
    }

    /** One more than the limit: the extra item tells whether there is a next page. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The answer to this request from the {@link #fetchSize()} items a repository returned in list
     * order: the first {@code limit} as views, and a cursor after the last of them if there are more.
     */
    public <T, V> Page<V> page(List<T> fetched, Function<T, Position> positionOf, Function<T, V> view) {
        boolean more = fetched.size() > limit;
        List<T> items = more ? fetched.subList(0, limit) : fetched;
        String next = more ? encode(positionOf.apply(items.get(items.size() - 1))) : null;
        return new Page<>(items.stream().map(view).toList(), next);
    }

    /**
     * The opaque form of a position: base64url of {@code <epoch millis>:<id>}, {@code n<number>:<id>},
     * or {@code :<id>}.
     */
    static String encode(Position position) {
        String key = position.number() != null
                ? NUMBERED + position.number()
                : position.at() == null ? "" : Long.toString(position.at().toEpochMilli());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((key + ":" + position.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static Position decodeNumbered(String cursor) {
        String raw = decoded(cursor);
        int colon = raw.indexOf(':');
        if (!raw.startsWith(NUMBERED) || colon <= NUMBERED.length() || colon == raw.length() - 1) {
            throw RequestRefused.invalid("cursor", FOREIGN);
        }
        try {
            return Position.of(Long.parseLong(raw.substring(NUMBERED.length(), colon)), raw.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw RequestRefused.invalid("cursor", FOREIGN);
        }
    }

    private static String decoded(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RequestRefused.invalid("cursor", FOREIGN);
        }
    }

    /** {@code :} between instant and id; {@code |} in the form reminder-service gave out before. */
    private static int separator(String raw) {
        int colon = raw.indexOf(':');
        int bar = raw.indexOf('|');
        return colon < 0 || (bar >= 0 && bar < colon) ? bar : colon;
    }

    private static Position decode(String cursor, boolean timed) {
        String raw = decoded(cursor);
        if (!timed && !raw.isEmpty() && raw.indexOf(':') < 0) {
            return Position.of(raw); // the form id-sorted lists gave out before this one: the id alone
        }
        int colon = timed ? separator(raw) : raw.indexOf(':');
        if (colon < 0 || colon == raw.length() - 1 || (colon == 0) == timed) {
            throw RequestRefused.invalid("cursor", FOREIGN);
        }
        String id = raw.substring(colon + 1);
        if (!timed) {
            return Position.of(id);
        }
        try {
            return new Position(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), id);
        } catch (NumberFormatException e) {
            throw RequestRefused.invalid("cursor", FOREIGN);
        }
    }

    private static int checked(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw RequestRefused.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
