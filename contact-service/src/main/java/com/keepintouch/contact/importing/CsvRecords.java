package com.keepintouch.contact.importing;

import com.keepintouch.platform.domain.Quoted;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) one record at a
 * time with Commons CSV. The header row names the columns: the fields of a contact ({@code emails}
 * and {@code tags} cells hold several values separated by {@code ;}), or the columns of a Google
 * Contacts or Outlook export, whose name parts are joined into the name.
 */
final class CsvRecords extends ImportRecords {

    /** Columns named after the fields of a contact, by their name without case, spaces or underscores. */
    private static final Map<String, Column> COLUMNS = columns();

    /** The columns of Google Contacts (old and new) and Outlook exports, by the same key. */
    private static final List<ExportColumn> EXPORT_COLUMNS = List.of(
            new ExportColumn("givenname|firstname", new Column(Column.GIVEN_NAME, null)),
            new ExportColumn("additionalname|middlename", new Column(Column.MIDDLE_NAME, null)),
            new ExportColumn("familyname|lastname", new Column(Column.FAMILY_NAME, null)),
            // Google puts several values of one kind into one cell: "a@example.com ::: b@example.com".
            new ExportColumn("e-?mail\\d*-value", new Column("emails", ":::")),
            new ExportColumn("phone\\d*-value", new Column("phone", ":::")),
            new ExportColumn("organization\\d*-name|organizationname", new Column("company", null)),
            new ExportColumn("organization\\d*-title|organizationtitle|jobtitle", new Column("title", null)),
            new ExportColumn("e-?mail\\d*address", new Column("emails", null)),
            new ExportColumn("(primary|mobile|business|home|other)phone\\d*", new Column("phone", null)));

    /**
     * As lenient as the import has always been: a quote left open at the end of the input keeps its
     * text, and text after a closing quote is kept ({@code "ab"cd} reads as {@code abcd}). An empty
     * line is a record that {@link #read()} skips, so that the line numbers stay right.
     */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setIgnoreEmptyLines(false)
            .setLenientEof(true)
            .setTrailingData(true)
            .get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final List<Column> header;
    private final List<String> unknownColumns = new ArrayList<>();

    CsvRecords(Reader reader) {
        try {
            parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows = parser.iterator();
        if (!rows.hasNext()) {
            throw new IllegalArgumentException("the file is empty; it needs a header row such as name,emails,company");
        }
        List<String> names = rows.next().toList();
        header = header(names);
        if (header.stream().filter(Objects::nonNull).noneMatch(Column::isName)) {
            throw new IllegalArgumentException(
                    "the header row has no 'name' column; columns are " + Quoted.of(String.join(",", names)));
        }
    }

    /** Header columns this import does not know (their values are ignored). */
    List<String> unknownColumns() {
        return unknownColumns;
    }

    @Override
    protected ImportRecord read() {
        while (true) {
            int start = (int) parser.getCurrentLineNumber() + 1;
            if (!rows.hasNext()) {
                return null;
            }
            CSVRecord row = rows.next();
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // an empty line
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(row.size(), header.size()); i++) {
                Column column = header.get(i);
                String cell = lineBreaks(row.get(i)).strip();
                if (column == null || cell.isEmpty()) {
                    continue;
                }
                values.computeIfAbsent(column.field(), f -> new ArrayList<>()).addAll(column.values(cell));
            }
            joinNameParts(values);
            if (row.size() > header.size()) {
                values.put("_error", List.of("has " + row.size() + " cells but the header has " + header.size()));
            }
            return new ImportRecord(start, values);
        }
    }

    private List<Column> header(List<String> names) {
        List<String> keys = names.stream()
                .map(name ->
                        name.strip().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", ""))
                .toList();
        // Outlook's "Title" is the form of address (Mr., Dr.); its "Job Title" is the title.
        boolean outlook = keys.contains("jobtitle");
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String key = keys.get(i);
            Column column = outlook && key.equals("title") ? null : column(key);
            if (column == null) {
                unknownColumns.add(names.get(i));
            }
            columns.add(column);
        }
        return columns;
    }

    private static Column column(String key) {
        Column column = COLUMNS.get(key);
        if (column != null) {
            return column;
        }
        return EXPORT_COLUMNS.stream()
                .filter(export -> export.key().matcher(key).matches())
                .map(ExportColumn::column)
                .findFirst()
                .orElse(null);
    }

    /** Without a name, an export's given, middle and family names make one. */
    private static void joinNameParts(Map<String, List<String>> values) {
        List<String> parts = Stream.of(Column.GIVEN_NAME, Column.MIDDLE_NAME, Column.FAMILY_NAME)
                .map(values::remove)
                .filter(Objects::nonNull)
                .map(part -> part.get(0))
                .toList();
        if (!values.containsKey("name") && !parts.isEmpty()) {
            values.put("name", List.of(String.join(" ", parts)));
        }
    }

    /** A line break inside a quoted cell reads as {@code \n}, whichever the file uses. */
    private static String lineBreaks(String cell) {
        return cell.indexOf('\r') < 0 ? cell : cell.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static Map<String, Column> columns() {
        Map<String, Column> columns = new LinkedHashMap<>();
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
            columns.put(field.toLowerCase(Locale.ROOT), new Column(field, null));
        }
        columns.put("emails", new Column("emails", ";"));
        columns.put("tags", new Column("tags", ";"));
        columns.put("email", columns.get("emails"));
        columns.put("tag", columns.get("tags"));
        columns.put("cadence", columns.get("cadencedays"));
        columns.put("met", columns.get("metat"));
        return Map.copyOf(columns);
    }

    /**
     * Where a column's cells go: a field of a contact or a part of its name; a cell holds several
     * values where a separator is given.
     */
    private record Column(String field, String separator) {

        static final String GIVEN_NAME = "_givenName";
        static final String MIDDLE_NAME = "_middleName";
        static final String FAMILY_NAME = "_familyName";

        boolean isName() {
            return Stream.of("name", GIVEN_NAME, MIDDLE_NAME, FAMILY_NAME).anyMatch(field::equals);
        }

        List<String> values(String cell) {
            return separator == null
                    ? List.of(cell)
                    : Arrays.stream(cell.split(separator))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList();
        }
    }

    private record ExportColumn(Pattern key, Column column) {

        ExportColumn(String key, Column column) {
            this(Pattern.compile(key), column);
        }
    }
}
