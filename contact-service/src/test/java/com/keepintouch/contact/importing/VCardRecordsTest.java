package com.keepintouch.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VCardRecordsTest {

    static List<ImportRecord> read(String vcf) {
        List<ImportRecord> records = new ArrayList<>();
        new VCardRecords(new StringReader(vcf)).forEachRemaining(records::add);
        return records;
    }

    @Test
    void readsVCard3And4CardsWithFoldedLinesAndEscapes() {
        List<ImportRecord> cards = read("""
                BEGIN:VCARD
                VERSION:3.0
                N:Summers;Jill;;;
                FN:Jill Summers
                EMAIL;TYPE=INTERNET,WORK:jill@example.com
                item1.EMAIL:jill@home.example.org
                ORG:Acme Robotics;Research
                TITLE:VP Engineering
                CATEGORIES:robotics,berlin
                NOTE:Met at the robotics meetup\\, talked about
                  fleet ops
                END:VCARD
                BEGIN:VCARD
                VERSION:4.0
                N:Miller;Bob;;;
                TEL;VALUE=uri:tel:+49-30-1234
                END:VCARD
                """);

        assertThat(cards).hasSize(2);
        ImportRecord jill = cards.get(0);
        assertThat(jill.line()).isEqualTo(1);
        assertThat(jill.first("name")).isEqualTo("Jill Summers");
        assertThat(jill.all("emails")).containsExactly("jill@example.com", "jill@home.example.org");
        assertThat(jill.first("company")).isEqualTo("Acme Robotics");
        assertThat(jill.all("tags")).containsExactly("robotics", "berlin");
        assertThat(jill.first("notes")).isEqualTo("Met at the robotics meetup, talked about fleet ops");
        ImportRecord bob = cards.get(1);
        assertThat(bob.line()).isEqualTo(13);
        assertThat(bob.first("name")).isEqualTo("Bob Miller");
        assertThat(bob.first("phone")).isEqualTo("+49-30-1234");
    }

    @Test
    void aCardWithoutEndIsReportedNotDropped() {
        List<ImportRecord> cards = read("BEGIN:VCARD\nFN:Half\n");

        assertThat(cards).hasSize(1);
        assertThat(cards.get(0).first("_error")).contains("END:VCARD");
    }
}
