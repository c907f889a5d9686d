package com.keepintouch.platform.system;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * How values are stored in every collection: instants as BSON dates (millisecond precision), enums
 * by name, numbers read whatever width the server gave back. Used by every {@link DocumentMapper}.
 */
public final class StoredValues {

    private StoredValues() {}

    /** An instant as a BSON date; null stays null. */
    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** The instant stored under {@code key}, or null. */
    public static Instant instant(Document document, String key) {
        Object value = document.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        throw new IllegalStateException(
                "field " + key + " holds " + value.getClass().getSimpleName() + ", not a date");
    }

    /** The number under {@code key} as a long, whether stored as int32 or int64; 0 when absent. */
    public static long longValue(Document document, String key) {
        Object value = document.get(key);
        return value == null ? 0L : ((Number) value).longValue();
    }

    /** The number under {@code key} as an int, or null when absent. */
    public static Integer integer(Document document, String key) {
        Object value = document.get(key);
        return value == null ? null : ((Number) value).intValue();
    }

    /** The enum constant named under {@code key}, or null when absent. */
    public static <E extends Enum<E>> E enumValue(Document document, String key, Class<E> type) {
        String name = document.getString(key);
        return name == null ? null : Enum.valueOf(type, name);
    }

    /** An enum by name; null stays null. */
    public static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** The strings under {@code key} as a mutable list; empty when absent. */
    public static List<String> strings(Document document, String key) {
        return new ArrayList<>(document.getList(key, String.class, List.of()));
    }

    /** The boolean under {@code key}; false when absent. */
    public static boolean flag(Document document, String key) {
        return Boolean.TRUE.equals(document.getBoolean(key));
    }

    /** Appends {@code value} under {@code key} unless it is null: an optional field absent, not null. */
    public static void putIfPresent(Document document, String key, Object value) {
        if (value != null) {
            document.append(key, value);
        }
    }
}
