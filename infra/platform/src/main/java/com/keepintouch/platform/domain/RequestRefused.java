package com.keepintouch.platform.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request an application service refuses, and why: the one exception domain and application
 * code throws for an outcome the caller can act on. It knows nothing of HTTP; the web layer answers
 * each {@link Reason} with its status as problem+json, and never logs it with a stack trace.
 */
public final class RequestRefused extends RuntimeException {

    /** Why a request is refused. */
    public enum Reason {
        /** The request breaks rules of its fields: see {@link #violations()}. */
        INVALID,
        /** What the request names does not exist, or is not the caller's. */
        NOT_FOUND,
        /** The request contradicts what exists: see {@link #details()}, e.g. the id of the holder. */
        CONFLICT,
        /** The request is well formed but cannot be carried out in the current state. */
        UNPROCESSABLE,
        /** The caller may read this but not do that. */
        FORBIDDEN
    }

    private final Reason reason;
    private final List<Violation> violations;
    private final Map<String, Object> details;

    private RequestRefused(Reason reason, String message, List<Violation> violations, Map<String, Object> details) {
        super(message, null, false, false);
        this.reason = reason;
        this.violations = List.copyOf(violations);
        this.details = Map.copyOf(details);
    }

    /** The request breaks these rules; the message lists them all. */
    public static RequestRefused invalid(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a refusal for invalid input needs at least one violation");
        }
        return new RequestRefused(Reason.INVALID, describe(violations), violations, Map.of());
    }

    public static RequestRefused invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    /** "{what} {id} does not exist", with a long id {@link Quoted quoted} short. */
    public static RequestRefused notFound(String what, String id) {
        return new RequestRefused(
                Reason.NOT_FOUND, what + " " + Quoted.of(id) + " does not exist", List.of(), Map.of());
    }

    public static RequestRefused conflict(String message, Map<String, Object> details) {
        return new RequestRefused(Reason.CONFLICT, message, List.of(), details);
    }

    public static RequestRefused unprocessable(String message) {
        return new RequestRefused(Reason.UNPROCESSABLE, message, List.of(), Map.of());
    }

    public static RequestRefused forbidden(String message) {
        return new RequestRefused(Reason.FORBIDDEN, message, List.of(), Map.of());
    }

    public Reason reason() {
        return reason;
    }

    /** The broken rules of an {@link Reason#INVALID} request; empty otherwise. */
    public List<Violation> violations() {
        return violations;
    }

    /** Extra facts for the caller, e.g. {@code existingId} on a conflict. */
    public Map<String, Object> details() {
        return details;
    }

    /** "field: message; field: message". */
    public static String describe(List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        for (Violation v : violations) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(Objects.requireNonNull(v.field())).append(": ").append(v.message());
        }
        return text.toString();
    }
}
