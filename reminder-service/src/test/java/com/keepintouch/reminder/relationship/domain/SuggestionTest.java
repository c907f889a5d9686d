package com.keepintouch.reminder.relationship.domain;

import static com.keepintouch.reminder.relationship.domain.Facts.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Something worth sharing (docs/rules.md): matched by tag, company or title, never an item shared with
 * the contact, never suggested for a second due date, and the same suggestion while one due date stands.
 * Jill (regular, 90 days) last touched on day 10 is due on day 100 and overdue on day 145.
 */
class SuggestionTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    private static final Shareable COURAGE = item(
            "sh_courage",
            "https://example.org/courage",
            "The Courage to Advertise Without Female Stereotypes",
            List.of("Marketing"),
            day(5));

    private static Shareable item(String id, String url, String title, List<String> topics, Instant createdAt) {
        return new Shareable(id, "alice", url, title, topics, createdAt);
    }

    private static OwnerPreferences library(Shareable... items) {
        return new OwnerPreferences(Map.of(), List.of(items));
    }

    private static Facts jill() {
        return new Facts().described(List.of("Recruiting"), "Acme Media Group", "Head of Marketing to Women", 1);
    }

    @Test
    void aDueRelationshipsActionNamesTheItemWhoseTopicIsAWholeWordOfTheTitle() {
        RelationshipFacts facts = jill().outbound(day(10)).build();

        Assessment state = rules.assess(facts, day(100), library(COURAGE), List.of());

        assertThat(state.suggestion())
                .isEqualTo(
                        new Suggestion(
                                "sh_courage",
                                "The Courage to Advertise Without Female Stereotypes",
                                "https://example.org/courage",
                                List.of("title"),
                                "Jill's title, Head of Marketing to Women, matches marketing, and you haven't sent it to Jill."));
        assertThat(state.suggestedAction())
                .isEqualTo("Share 'The Courage to Advertise Without Female Stereotypes' with Jill this week: Jill's"
                        + " title, Head of Marketing to Women, matches marketing, and you haven't sent it to Jill.");
    }

    @Test
    void topicsMatchTagsExactlyAndCompanyOrTitleByWholeWordsWhateverTheCase() {
        ShareableMatcher matcher = new ShareableMatcher(jill().build().contact());

        assertThat(matcher.match(item("a", null, "t", List.of(" RECRUITING "), day(1)))
                        .fields())
                .containsExactly("tag");
        assertThat(matcher.match(item("b", null, "t", List.of("media group"), day(1)))
                        .fields())
                .containsExactly("company");
        assertThat(matcher.match(item("c", null, "t", List.of("Marketing to women"), day(1)))
                        .fields())
                .containsExactly("title");
        assertThat(matcher.match(item("d", null, "t", List.of("market", "recruit", "wom"), day(1)))
                        .topics())
                .isZero();
        assertThat(matcher.match(item("e", null, "t", List.of("women", "acme", "recruiting"), day(1)))
                        .topics())
                .isEqualTo(3);
    }

    @Test
    void theBestItemMatchesMostTopicsThenIsTheNewestThenHasTheLowestId() {
        Shareable one = item("sh_b", null, "One", List.of("marketing"), day(8));
        Shareable two = item("sh_z", null, "Two", List.of("marketing", "recruiting"), day(1));
        Shareable newer = item("sh_c", null, "Newer", List.of("women"), day(9));
        Shareable tie = item("sh_a", null, "Tie", List.of("women"), day(9));
        RelationshipFacts facts = jill().outbound(day(10)).build();

        assertThat(rules.assess(facts, day(100), library(one, two), List.of())
                        .suggestion()
                        .shareableId())
                .isEqualTo("sh_z");
        assertThat(rules.assess(facts, day(100), library(one, newer, tie), List.of())
                        .suggestion()
                        .shareableId())
                .isEqualTo("sh_a");
    }

    @Test
    void onlyADueOrOverdueRelationshipGetsASuggestionAndNothingMatchingGivesNone() {
        RelationshipFacts facts = jill().outbound(day(10)).build();
        Shareable unrelated = item("sh_x", null, "Gardening", List.of("gardening"), day(1));

        assertThat(rules.assess(facts, day(50), library(COURAGE), List.of()).suggestion())
                .isNull();
        assertThat(rules.assess(facts, day(150), library(COURAGE), List.of()).suggestion())
                .isNotNull();
        Assessment due = rules.assess(facts, day(100), library(unrelated), List.of());
        assertThat(due.suggestion()).isNull();
        assertThat(due.suggestedAction()).startsWith("Reach out to Jill this week");
    }

    @Test
    void anItemSharedWithTheContactByIdOrByUrlIsNeverSuggested() {
        RelationshipFacts byId = jill().shared(day(10), "sh_courage", null).build();
        RelationshipFacts byUrl =
                jill().shared(day(10), null, "  https://example.org/courage ").build();

        assertThat(rules.assess(byId, day(100), library(COURAGE), List.of()).suggestion())
                .isNull();
        assertThat(rules.assess(byUrl, day(100), library(COURAGE), List.of()).suggestion())
                .isNull();
    }

    @Test
    void whenAsksOutnumberGivesTheItemIsTheGive() {
        RelationshipFacts facts = jill().outbound(day(5))
                .touch(InteractionType.FAVOR_ASKED, Direction.OUTBOUND, day(10))
                .build();

        Assessment state = rules.assess(facts, day(100), library(COURAGE), List.of());

        assertThat(state.suggestedAction())
                .isEqualTo(
                        "Give before you ask: share 'The Courage to Advertise Without Female Stereotypes' with Jill this week.");
    }

    @Test
    void theSuggestionAnnouncedStaysWhileItsDueDateStandsAndIsNeverSuggestedForAnother() {
        Relationship relationship =
                new Relationship(jill().outbound(day(10)).build(), RelationshipStatus.OK, List.of());
        Shareable later = item("sh_later", null, "Later", List.of("marketing"), day(120));

        Relationship.Outcome due = relationship.reassess(day(100), rules, library(COURAGE));
        assertThat(due.transitions()).extracting(Transition::type).containsExactly(Transition.DUE);
        assertThat(due.transitions().get(0).state().suggestion().shareableId()).isEqualTo("sh_courage");
        assertThat(due.relationship().suggested()).containsExactly(new Suggested("sh_courage", day(100)));

        // a newer item that matches as well comes in; for the same due date the suggestion stays
        Relationship.Outcome overdue = due.relationship().reassess(day(145), rules, library(later, COURAGE));
        assertThat(overdue.transitions()).extracting(Transition::type).containsExactly(Transition.OVERDUE);
        assertThat(overdue.assessment().suggestion().shareableId()).isEqualTo("sh_courage");
        assertThat(overdue.relationship().suggested()).containsExactly(new Suggested("sh_courage", day(100)));

        // Jill is touched without it being shared; at the next due date it is not suggested again
        Relationship touched = overdue.relationship()
                .fold(
                        List.of(new RelationshipEvent.InteractionRecorded(
                                new Touchpoint("i_call", day(150), InteractionType.CALL, Direction.OUTBOUND, false))),
                        day(150),
                        rules,
                        TouchArchive.NONE,
                        library(later, COURAGE))
                .relationship();
        Relationship.Outcome dueAgain = touched.reassess(day(240), rules, library(later, COURAGE));
        assertThat(dueAgain.assessment().nextDueAt()).isEqualTo(day(240));
        assertThat(dueAgain.assessment().suggestion().shareableId()).isEqualTo("sh_later");
        Relationship.Outcome onlyCourage = touched.reassess(day(240), rules, library(COURAGE));
        assertThat(onlyCourage.assessment().suggestion()).isNull();
    }

    @Test
    void theSuggestionsRememberedAreTheLatest() {
        List<Suggested> many = new ArrayList<>();
        for (int i = 0; i < Relationship.SUGGESTED_KEPT; i++) {
            many.add(new Suggested("old" + i, day(i)));
        }
        Relationship relationship =
                new Relationship(jill().outbound(day(10)).build(), RelationshipStatus.OK, List.of(), many);

        Relationship after =
                relationship.reassess(day(100), rules, library(COURAGE)).relationship();

        assertThat(after.suggested()).hasSize(Relationship.SUGGESTED_KEPT);
        assertThat(after.suggested().get(0).shareableId()).isEqualTo("old1");
        assertThat(after.suggested()).last().isEqualTo(new Suggested("sh_courage", day(100)));
    }
}
