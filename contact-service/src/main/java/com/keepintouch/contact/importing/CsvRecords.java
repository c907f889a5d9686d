package com.keepintouch.contact.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) one record at a
 * time. The header row names the columns; {@code emails} and {@code tags} cells hold several
 * values separated by {@code ;}.
 */
final class CsvRecords extends ImportRecords {

    static final Map<String, String> COLUMNS = columns();

    private final BufferedReader reader;
    private final List<String> header;
    private final List<String> unknownColumns = new ArrayList<>();
    private int line;

    CsvRecords(Reader reader) {
        this.reader = new BufferedReader(reader);
        List<String> names = readRow();
        if (names == null) {
            throw new IllegalArgumentException("the file is empty; it needs a header row such as name,emails,company");
        }
        header = new ArrayList<>();
        for (String name : names) {
            String field = COLUMNS.get(
                    name.strip().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", ""));
            if (field == null) {
                unknownColumns.add(name);
            }
            header.add(field);
        }
        if (!header.contains("name")) {
            throw new IllegalArgumentException("the header row has no 'name' column; columns are " + names);
        }
    }

    /** Header columns this import does not know (their values are ignored). */
    List<String> unknownColumns() {
        return unknownColumns;
    }

    @Override
    protected ImportRecord read() {
        while (true) {
            int start = line + 1;
            List<String> row = readRow();
            if (row == null) {
                return null;
            }
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // an empty line
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(row.size(), header.size()); i++) {
                String field = header.get(i);
                String cell = row.get(i).strip();
                if (field == null || cell.isEmpty()) {
                    continue;
                }
                List<String> parts = field.equals("emails") || field.equals("tags")
                        ? Arrays.stream(cell.split(";"))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of(cell);
                values.computeIfAbsent(field, f -> new ArrayList<>()).addAll(parts);
            }
            if (row.size() > header.size()) {
                values.put("_error", List.of("has " + row.size() + " cells but the header has " + header.size()));
            }
            return new ImportRecord(start, values);
        }
    }

    /** One row, or null at the end of the input. */
    private List<String> readRow() {
        try {
            String first = reader.readLine();
            if (first == null) {
                return null;
            }
            line++;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            String text = first;
            int i = 0;
            while (true) {
                if (i == text.length()) {
                    if (!quoted) {
                        cells.add(cell.toString());
                        return cells;
                    }
                    String more = reader.readLine(); // a line break inside a quoted cell
                    if (more == null) {
                        cells.add(cell.toString());
                        return cells;
                    }
                    line++;
                    cell.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String field : List.of(
                "name",
                "emails",
                "phone",
                "company",
                "title",
                "tags",
                "tier",
                "cadenceDays",
                "metAt",
                "howWeMet",
                "notes",
                "status",
                "timezone")) {
            columns.put(field.toLowerCase(Locale.ROOT), field);
        }
        columns.put("email", "emails");
        columns.put("tag", "tags");
        columns.put("cadence", "cadenceDays");
        columns.put("met", "metAt");
        return Map.copyOf(columns);
    }
}
