package com.keepintouch.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    static List<ImportRecord> read(String csv) {
        List<ImportRecord> records = new ArrayList<>();
        new CsvRecords(new StringReader(csv)).forEachRemaining(records::add);
        return records;
    }

    @Test
    void readsRowsByHeaderWithTheirLineNumbers() {
        List<ImportRecord> records = read("""
                name,emails,company,tags,cadence_days
                Jill Summers,jill@example.com;j.summers@example.org,Acme,robotics;berlin,45

                Bob,bob@example.com,,,
                """);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).line()).isEqualTo(2);
        assertThat(records.get(0).all("emails")).containsExactly("jill@example.com", "j.summers@example.org");
        assertThat(records.get(0).all("tags")).containsExactly("robotics", "berlin");
        assertThat(records.get(0).first("cadenceDays")).isEqualTo("45");
        assertThat(records.get(1).line()).isEqualTo(4);
        assertThat(records.get(1).first("company")).isNull();
    }

    @Test
    void quotedCellsHoldCommasQuotesAndLineBreaks() {
        List<ImportRecord> records =
                read("name,company,notes\n\"Summers, Jill\",\"Acme \"\"Robots\"\"\",\"line one\nline two\"\nBob,,\n");

        assertThat(records.get(0).first("name")).isEqualTo("Summers, Jill");
        assertThat(records.get(0).first("company")).isEqualTo("Acme \"Robots\"");
        assertThat(records.get(0).first("notes")).isEqualTo("line one\nline two");
        assertThat(records.get(1).line()).isEqualTo(4);
    }

    @Test
    void aLineBreakInACellReadsAsNewlineWhicheverTheFileUses() {
        List<ImportRecord> records = read("name,notes\r\n\"Jill\",\"one\r\ntwo\rthree\"\r\nBob,\r\n");

        assertThat(records.get(0).first("notes")).isEqualTo("one\ntwo\nthree");
        assertThat(records.get(1).line()).isEqualTo(5);
    }

    @Test
    void textAfterAClosingQuoteAndAQuoteLeftOpenAtTheEndAreKept() {
        List<ImportRecord> records = read("name,notes\nJill,\"ab\"cd\nBob,\"left open\nto the end\n");

        assertThat(records.get(0).first("notes")).isEqualTo("abcd");
        assertThat(records.get(1).line()).isEqualTo(3);
        assertThat(records.get(1).first("notes")).isEqualTo("left open\nto the end");
    }

    @Test
    void reportsRowsWithTooManyCellsAndUnknownColumns() {
        CsvRecords csv = new CsvRecords(new StringReader("name,linkedin\nJill,x,surplus\n"));

        assertThat(csv.unknownColumns()).containsExactly("linkedin");
        assertThat(csv.next().first("_error")).contains("3 cells");
    }

    @Test
    void refusesAFileWithoutANameColumn() {
        assertThatThrownBy(() -> read("email\njill@example.com\n")).hasMessageContaining("no 'name' column");
        assertThatThrownBy(() -> read("")).hasMessageContaining("empty");
    }

    /** A header of thousands of columns is not repeated back whole: its start, as every message quotes input. */
    @Test
    void aLongHeaderWithoutANameColumnIsQuotedShort() {
        String header = String.join(",", java.util.Collections.nCopies(500, "column"));

        assertThatThrownBy(() -> read(header + "\nx\n"))
                .hasMessageContaining("no 'name' column; columns are column,column")
                .hasMessageContaining("more characters)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
