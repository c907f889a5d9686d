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

    /** One pass, left to right: an escaped backslash before an n is a backslash and an n, not a line break. */
    @Test
    void escapesAreUndoneInOnePassFromTheLeft() {
        List<ImportRecord> cards = read("""
                BEGIN:VCARD
                VERSION:3.0
                FN:Jill Summers
                NOTE:C:\\\\new\\nline two\\, and\\; so on\\\\
                CATEGORIES:back\\\\,slash\\,comma
                END:VCARD
                """);

        assertThat(cards.get(0).first("notes")).isEqualTo("C:\\new\nline two, and; so on\\");
        assertThat(cards.get(0).all("tags")).containsExactly("back\\", "slash,comma");
    }

    @Test
    void blankLinesAndOtherLinesBetweenCardsKeepEachCardOnTheLineOfItsBegin() {
        List<ImportRecord> cards = read("""


                BEGIN:VCARD
                FN:Jill
                END:VCARD

                X-STRAY:outside any card
                BEGIN:VCARD
                FN:Bob
                END:VCARD
                """);

        assertThat(cards).extracting(ImportRecord::line).containsExactly(3, 8);
        assertThat(cards).extracting(card -> card.first("name")).containsExactly("Jill", "Bob");
    }

    @Test
    void aCardWithoutEndAfterAGoodOneIsReportedOnItsOwnLine() {
        List<ImportRecord> cards = read("BEGIN:VCARD\r\nFN:Whole\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Half");

        assertThat(cards).extracting(ImportRecord::line).containsExactly(1, 4);
        assertThat(cards.get(0).values()).doesNotContainKey("_error");
        assertThat(cards.get(1).first("name")).isEqualTo("Half");
        assertThat(cards.get(1).first("_error")).contains("END:VCARD");
    }
}
