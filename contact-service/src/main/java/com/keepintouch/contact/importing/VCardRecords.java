package com.keepintouch.contact.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads vCard 3.0 and 4.0 one card at a time: FN (or N), EMAIL, TEL, ORG, TITLE, NOTE,
 * CATEGORIES, TZ; folded lines are unfolded and escapes undone. A card's line is that of its BEGIN.
 */
final class VCardRecords extends ImportRecords {

    private final BufferedReader reader;
    private String pending;
    private int line;

    VCardRecords(Reader reader) {
        this.reader = new BufferedReader(reader);
    }

    @Override
    protected ImportRecord read() {
        Map<String, List<String>> values = null;
        int start = 0;
        String property;
        while ((property = unfoldedLine()) != null) {
            String upper = property.toUpperCase(Locale.ROOT);
            if (upper.equals("BEGIN:VCARD")) {
                values = new LinkedHashMap<>();
                start = line;
            } else if (upper.equals("END:VCARD") && values != null) {
                if (!values.containsKey("name") && values.containsKey("_n")) {
                    values.put("name", values.get("_n"));
                }
                values.remove("_n");
                return new ImportRecord(start, values);
            } else if (values != null) {
                read(property, values);
            }
        }
        if (values != null) {
            values.put("_error", List.of("card has no END:VCARD"));
            return new ImportRecord(start, values);
        }
        return null;
    }

    private static void read(String property, Map<String, List<String>> values) {
        int colon = property.indexOf(':');
        if (colon < 0) {
            return;
        }
        String name = property.substring(0, colon).split(";")[0].toUpperCase(Locale.ROOT);
        int dot = name.indexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1); // item1.EMAIL
        }
        String value = property.substring(colon + 1);
        switch (name) {
            case "FN" -> put(values, "name", unescape(value));
            case "N" -> {
                String[] parts = value.split(";", -1);
                String given = parts.length > 1 ? unescape(parts[1]) : "";
                put(values, "_n", (given + " " + unescape(parts[0])).strip());
            }
            case "EMAIL" -> put(values, "emails", unescape(value));
            case "TEL" -> put(values, "phone", unescape(value).replaceFirst("^tel:", ""));
            case "ORG" -> put(values, "company", unescape(value.split(";")[0]));
            case "TITLE" -> put(values, "title", unescape(value));
            case "NOTE" -> put(values, "notes", unescape(value));
            case "TZ" -> put(values, "timezone", unescape(value));
            case "CATEGORIES" -> {
                for (String tag : value.split("(?<!\\\\),")) {
                    put(values, "tags", unescape(tag));
                }
            }
            default -> {
                // other properties are not part of a contact here
            }
        }
    }

    private static void put(Map<String, List<String>> values, String field, String value) {
        if (!value.isBlank()) {
            values.computeIfAbsent(field, f -> new ArrayList<>()).add(value.strip());
        }
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n")
                .replace("\\N", "\n")
                .replace("\\,", ",")
                .replace("\\;", ";")
                .replace("\\\\", "\\");
    }

    /** The next logical line: a physical line plus its continuations (lines starting with a space or tab). */
    private String unfoldedLine() {
        try {
            String current = pending != null ? pending : reader.readLine();
            pending = null;
            if (current == null) {
                return null;
            }
            line++;
            StringBuilder logical = new StringBuilder(current);
            String following;
            while ((following = reader.readLine()) != null) {
                if (!following.isEmpty() && (following.charAt(0) == ' ' || following.charAt(0) == '\t')) {
                    logical.append(following, 1, following.length());
                    line++;
                } else {
                    pending = following;
                    break;
                }
            }
            return logical.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
