package com.keepintouch.platform.web;

import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.domain.Violation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What is wrong with a JSON body, in the caller's words: the field (as a JSON path) and what it must
 * be, never the Java type it was meant for nor Jackson's own message.
 */
public final class JsonProblems {

    private static final Pattern QUOTED_INPUT = Pattern.compile("'([^']*)'");

    private static final Pattern LIBRARY_ASIDES =
            Pattern.compile(":? *(enable `[^`]*` to allow.*|\\(start marker at \\[Source:.*)$", Pattern.DOTALL);

    private JsonProblems() {}

    /** The one field a body that could not be read breaks, and how. */
    public static Violation of(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new Violation(path(unknown), "unknown field; allowed are " + unknown.getKnownPropertyIds());
        }
        if (e instanceof InputCoercionException outOfRange && outOfRange.getTargetType() != null) {
            return new Violation(path(e), expected(outOfRange.getTargetType()) + ", and this one is out of range");
        }
        if (e instanceof StreamReadException malformed) {
            return new Violation("body", "malformed JSON: " + quotedShort(malformed.getOriginalMessage()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String expected = expected(mismatch.getTargetType());
            if (mismatch instanceof InvalidFormatException invalid && invalid.getValue() instanceof String value) {
                expected += ", not \"" + Quoted.of(value) + "\"";
            }
            return new Violation(path(mismatch), expected);
        }
        if (e instanceof DatabindException databind) {
            return new Violation(path(databind), "has the wrong type or format");
        }
        return new Violation("body", "missing or unreadable request body");
    }

    /** What a value of {@code type} looks like in JSON. */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant).name())
                            .collect(Collectors.joining(", ", "[", "]"));
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == int.class
                || type == long.class
                || type == short.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class) {
            return "must be a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "must be an instant such as 2026-03-02T09:30:00Z";
        }
        if (type == LocalDate.class) {
            return "must be a date such as 2026-03-02";
        }
        if (type == Duration.class) {
            return "must be a duration such as PT12H";
        }
        if (ZoneId.class.isAssignableFrom(type)) {
            return "must be a time zone such as Europe/Berlin";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "must be an object";
        }
        return "has the wrong type or format";
    }

    /**
     * Jackson's message without its advice to the programmer ("enable `JsonReadFeature...` to allow")
     * or where its source is, and with the piece of input it quotes ({@code Unrecognized token '...'})
     * cut short.
     */
    private static String quotedShort(String message) {
        if (message == null) {
            return "unreadable";
        }
        String said = LIBRARY_ASIDES.matcher(message).replaceAll("");
        return QUOTED_INPUT.matcher(said).replaceAll(m -> Matcher.quoteReplacement("'" + Quoted.of(m.group(1)) + "'"));
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
