package com.keepintouch.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.contact.contacts.domain.ContactRules;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Files as address books export them (fixtures in importing/), and the contacts they make. */
class ContactExportsTest {

    static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");

    /** A record of a file as the import takes it: its line, its contact, what is wrong with it. */
    record Imported(int line, ContactDraft contact, List<String> problems) {}

    static List<Imported> imported(String fixture, Function<Reader, ImportRecords> format) {
        InputStream file = ContactExportsTest.class.getResourceAsStream("/importing/" + fixture);
        assertThat(file).as(fixture).isNotNull();
        List<Imported> imported = new ArrayList<>();
        format.apply(new InputStreamReader(file, StandardCharsets.UTF_8)).forEachRemaining(record -> {
            List<String> problems = new ArrayList<>();
            ContactDraft contact = ContactRules.normalize(ContactImport.draft(record, problems));
            ContactRules.check(contact, NOW).forEach(violation -> problems.add(violation.field()));
            imported.add(new Imported(record.line(), contact, problems));
        });
        return imported;
    }

    /** What a recruiter sees of a contact in the list. */
    record Seen(String name, List<String> emails, String company, String title) {}

    static final Seen JILL = new Seen(
            "Jill Summers",
            List.of("jill.summers@acme.example.com", "jill@home.example.org"),
            "Acme Robotics",
            "VP Engineering");

    static List<ContactDraft> contacts(List<Imported> imported) {
        return imported.stream()
                .filter(record -> record.problems().isEmpty())
                .map(Imported::contact)
                .toList();
    }

    static List<Seen> seen(List<Imported> imported) {
        return contacts(imported).stream()
                .map(contact -> new Seen(contact.name(), contact.emails(), contact.company(), contact.title()))
                .toList();
    }

    /** The lines of the records the import refuses. */
    static List<Integer> refused(List<Imported> imported) {
        return imported.stream()
                .filter(record -> !record.problems().isEmpty())
                .map(Imported::line)
                .toList();
    }

    @Test
    void aGoogleContactsExportGivesNamesAllAddressesThePhoneTheCompanyAndTheTitle() {
        List<Imported> imported = imported("google-contacts.csv", CsvRecords::new);

        assertThat(seen(imported))
                .as("a Google cell holds several addresses separated by :::")
                .containsExactly(
                        new Seen(
                                JILL.name(),
                                List.of(
                                        "jill.summers@acme.example.com",
                                        "jill@home.example.org",
                                        "j.summers@old.example.net"),
                                JILL.company(),
                                JILL.title()),
                        new Seen(
                                "Omar Haddad",
                                List.of("omar.haddad@globex.example.com"),
                                "Globex, Inc.",
                                "Talent Partner"),
                        new Seen("Priya Raman", List.of("priya.raman@example.in"), null, null));
        ContactDraft jill = contacts(imported).get(0);
        assertThat(jill.phone()).isEqualTo("+49 170 1234567");
        assertThat(jill.notes()).isEqualTo("Met at RoboCon 2025; wants an intro to the fleet team");
        assertThat(refused(imported))
                .as("Jill's address spans three lines, so the nameless record is on line 6")
                .containsExactly(6);
        assertThat(imported.get(2).problems()).containsExactly("name");
    }

    @Test
    void aNewerGoogleContactsExportJoinsFirstMiddleAndLastName() {
        List<Imported> imported = imported("google-contacts-2024.csv", CsvRecords::new);

        assertThat(seen(imported))
                .containsExactly(
                        JILL,
                        new Seen(
                                "Mary Anne Lee",
                                List.of("mary.lee@initech.example.com", "m.lee@initech.example.com"),
                                "Initech",
                                "Head of People"));
        assertThat(refused(imported))
                .as("a company without a person's name is not a contact")
                .containsExactly(6);
    }

    @Test
    void anOutlookExportTakesTheJobTitleNotTheFormOfAddress() {
        List<Imported> imported = imported("outlook-contacts.csv", CsvRecords::new);

        assertThat(seen(imported))
                .containsExactly(
                        JILL,
                        new Seen(
                                "Kenji T. Watanabe",
                                List.of("kenji.watanabe@globex.example.com"),
                                "Globex, Inc.",
                                "Recruiting Lead"));
        ContactDraft jill = contacts(imported).get(0);
        assertThat(jill.phone()).as("the first phone column of the file").isEqualTo("+49 30 5550100");
        assertThat(jill.notes()).isEqualTo("Met at RoboCon 2025.\nWants an intro to the fleet team.");
        assertThat(refused(imported))
                .as("Jill's notes span two lines, so the nameless record is on line 5")
                .containsExactly(5);
        CsvRecords outlook = new CsvRecords(new InputStreamReader(
                ContactExportsTest.class.getResourceAsStream("/importing/outlook-contacts.csv"),
                StandardCharsets.UTF_8));
        assertThat(outlook.unknownColumns()).contains("Title", "E-mail Display Name", "Business Fax");
    }

    @Test
    void anAppleContactsExportGivesNamesAddressesCompanyAndTitle() {
        List<Imported> imported = imported("apple-contacts.vcf", VCardRecords::new);

        assertThat(refused(imported)).isEmpty();
        assertThat(imported).extracting(Imported::line).containsExactly(1, 25, 36);
        assertThat(seen(imported))
                .containsExactly(
                        new Seen(
                                JILL.name(),
                                List.of("jill@home.example.org", "jill.summers@acme.example.com"),
                                JILL.company(),
                                JILL.title()),
                        new Seen(
                                "Globex Corporation", List.of("talent@globex.example.com"), "Globex Corporation", null),
                        new Seen(
                                "Omar Haddad",
                                List.of("omar.haddad@globex.example.com", "omar@haddad.example.net"),
                                null,
                                null));
        ContactDraft jill = contacts(imported).get(0);
        assertThat(jill.phone()).isEqualTo("+49 170 1234567");
        assertThat(jill.notes()).isEqualTo("Met at RoboCon 2025, wants an intro to the fleet team.");
        assertThat(jill.tags()).containsExactly("card", "robotics");
    }

    @Test
    void aVCard4WithFoldedLinesAndEscapesReadsAsWritten() {
        List<Imported> imported = imported("folded-escaped.vcf", VCardRecords::new);

        assertThat(refused(imported)).isEmpty();
        assertThat(imported).extracting(Imported::line).containsExactly(1, 18);
        assertThat(seen(imported))
                .containsExactly(
                        new Seen(
                                "Amara Okafor",
                                List.of("amara.okafor@acme-inc.example", "amara@mail.example.org"),
                                "Acme, Inc.",
                                "Head of Talent Acquisition, EMEA"),
                        new Seen(
                                "Lars Eriksson",
                                List.of("lars.eriksson@nordic-talent.example"),
                                "Nordic Talent AB",
                                "Senior Recruiter, Tech"));
        ContactDraft amara = contacts(imported).get(0);
        assertThat(amara.phone()).isEqualTo("+49-30-555-0147");
        assertThat(amara.notes())
                .as("escaped comma, semicolon and line break; a line folded inside a word")
                .isEqualTo("met at a conference, Berlin; wants to hear about platform roles\nfollow up in spring");
        assertThat(amara.tags()).containsExactly("conference", "berlin");
        assertThat(amara.timezone()).isEqualTo("Europe/Berlin");
        assertThat(contacts(imported).get(1).notes())
                .as("an escaped backslash before n stays a backslash and an n")
                .isEqualTo("CV in C:\\shared\\notes\\lars.pdf");
    }
}
