package com.keepintouch.reminder.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.platform.domain.Violation;
import com.keepintouch.reminder.library.LibraryRules.ShareableDraft;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryRulesTest {

    @Test
    void anItemIsTrimmedAndItsTopicsKeptOnceEachInTheirFirstSpelling() {
        ShareableDraft draft = new ShareableDraft(
                " https://example.com/a ", " Title ", List.of(" Marketing", "marketing ", "MARKETING", "Hiring"));

        assertThat(LibraryRules.check(draft)).isEmpty();
        assertThat(draft.normalized())
                .isEqualTo(new ShareableDraft("https://example.com/a", "Title", List.of("Marketing", "Hiring")));
    }

    @Test
    void twentyDifferentTopicsAreEnoughButTheSameOneTwiceCountsOnce() {
        String[] topics = new String[20];
        Arrays.setAll(topics, i -> "topic " + i);
        List<String> withRepeats = new java.util.ArrayList<>(List.of(topics));
        withRepeats.add("TOPIC 0");

        assertThat(LibraryRules.check(new ShareableDraft("https://example.com", "T", withRepeats)))
                .isEmpty();
        withRepeats.add("topic 20");
        assertThat(LibraryRules.check(new ShareableDraft("https://example.com", "T", withRepeats)))
                .containsExactly(new Violation("topics", "must have at most 20 different topics"));
    }

    @Test
    void namesEveryBrokenRuleOfAnItem() {
        assertThat(LibraryRules.check(new ShareableDraft("mailto:jill@example.com", null, null)))
                .extracting(Violation::field)
                .containsExactly("url", "title", "topics");
        assertThat(LibraryRules.check(new ShareableDraft("https://", "T", List.of("x"))))
                .extracting(Violation::field)
                .containsExactly("url");
        assertThat(LibraryRules.check(new ShareableDraft("https://example.com/" + "a".repeat(2048), "T", List.of("x"))))
                .containsExactly(new Violation("url", "must be at most 2048 characters"));
    }

    @Test
    void aTagCadenceIsOneToMaxDaysForATagAContactMayHave() {
        assertThat(LibraryRules.checkCadence("marketing", 1)).isEmpty();
        assertThat(LibraryRules.checkCadence("marketing", 730)).isEmpty();
        assertThat(LibraryRules.checkCadence(" ", 731))
                .containsExactly(
                        new Violation("tag", "must not be blank"),
                        new Violation("days", "must be between 1 and 730 days"));
        assertThat(LibraryRules.checkCadence("t".repeat(51), null))
                .extracting(Violation::field)
                .containsExactly("tag", "days");
        assertThat(LibraryRules.tagKey(" MarKeting ")).isEqualTo("marketing");
    }
}
