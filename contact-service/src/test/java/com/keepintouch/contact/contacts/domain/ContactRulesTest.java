package com.keepintouch.contact.contacts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.platform.domain.Violation;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactRulesTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static ContactDraft draft(String name, List<String> emails) {
        return new ContactDraft(name, emails, null, null, null, List.of(), null, null, null, null, null, null, null);
    }

    @Test
    void normalizingTrimsLowerCasesDeduplicatesAndFillsDefaults() {
        ContactDraft d = ContactRules.normalize(new ContactDraft(
                "  Jill Summers ",
                List.of("Jill@Example.com", "jill@example.com "),
                " ",
                "Acme",
                null,
                List.of("robotics", "robotics ", "berlin"),
                null,
                null,
                null,
                "",
                null,
                null,
                null));

        assertThat(d.name()).isEqualTo("Jill Summers");
        assertThat(d.emails()).containsExactly("jill@example.com");
        assertThat(d.phone()).isNull();
        assertThat(d.tags()).containsExactly("robotics", "berlin");
        assertThat(d.tier()).isEqualTo(Tier.REGULAR);
        assertThat(d.status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(d.howWeMet()).isNull();
    }

    @Test
    void aValidContactBreaksNoRule() {
        assertThat(ContactRules.check(ContactRules.normalize(draft("Jill", List.of("jill@example.com"))), NOW))
                .isEmpty();
    }

    @Test
    void namesEveryBrokenRuleByField() {
        ContactDraft d = ContactRules.normalize(new ContactDraft(
                "x".repeat(201),
                List.of("not-an-email", "ok@example.com"),
                null,
                null,
                null,
                Collections.nCopies(21, "t"),
                Tier.CLOSE,
                731,
                NOW.plusSeconds(3600),
                null,
                "n".repeat(10_001),
                null,
                "Mars/Olympus_Mons"));

        assertThat(ContactRules.check(d, NOW))
                .extracting(Violation::field)
                .contains("name", "emails[0]", "cadenceDays", "metAt", "notes", "timezone");
    }

    @Test
    void limitsCountsAndLengthsOfListsAndAcceptsTheBoundaries() {
        List<String> elevenEmails = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> "p" + i + "@example.com")
                .toList();
        List<String> twentyOneTags =
                java.util.stream.IntStream.range(0, 21).mapToObj(i -> "tag" + i).toList();
        ContactDraft tooMany = new ContactDraft(
                "A",
                elevenEmails,
                null,
                null,
                null,
                twentyOneTags,
                Tier.CLOSE,
                730,
                NOW,
                null,
                null,
                ContactStatus.ACTIVE,
                "Europe/Berlin");
        assertThat(ContactRules.check(tooMany, NOW))
                .extracting(Violation::field)
                .containsExactly("emails", "tags");

        ContactDraft longTag = new ContactDraft(
                "A",
                List.of(),
                null,
                null,
                null,
                List.of("x".repeat(51)),
                Tier.CLOSE,
                1,
                null,
                null,
                null,
                ContactStatus.ACTIVE,
                "UTC");
        assertThat(ContactRules.check(longTag, NOW))
                .extracting(Violation::field)
                .containsExactly("tags[0]");
    }

    @Test
    void timezoneMustBeAnIanaZone() {
        ContactDraft berlin = new ContactDraft(
                "A",
                List.of(),
                null,
                null,
                null,
                List.of(),
                Tier.CLOSE,
                null,
                null,
                null,
                null,
                ContactStatus.ACTIVE,
                "Europe/Berlin");
        ContactDraft offset = new ContactDraft(
                "A",
                List.of(),
                null,
                null,
                null,
                List.of(),
                Tier.CLOSE,
                null,
                null,
                null,
                null,
                ContactStatus.ACTIVE,
                "+02:00");

        assertThat(ContactRules.check(berlin, NOW)).isEmpty();
        assertThat(ContactRules.check(offset, NOW)).extracting(Violation::field).containsExactly("timezone");
    }

    @Test
    void idsSortByCreationTime() {
        java.time.Clock early = java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
        java.time.Clock late = java.time.Clock.fixed(NOW.plusMillis(1), java.time.ZoneOffset.UTC);

        String first = ContactIds.next(early);
        String second = ContactIds.next(late);

        assertThat(first).matches("c_[0-9a-f]{24}");
        assertThat(first).isLessThan(second);
    }
}
