package com.keepintouch.reminder.relationship.domain;

import static com.keepintouch.reminder.relationship.domain.Facts.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Strength on worked examples (docs/rules.md, "Strength"). */
class StrengthTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    private static StrengthScore.Inputs jill(Integer daysSince) {
        // every 90 days, touches on 3 days of the last year, responsiveness 71, a quarter begun by Jill, known a year
        return new StrengthScore.Inputs("Jill", daysSince, 90, 3, 71, 0.25, 365);
    }

    @Test
    void theScoreIsTheSumOfItsFourComponentsPoints() {
        Strength strength = StrengthScore.of(jill(45));

        // recency 35 x 2^(-45/90) = 24.7; frequency 25 x 3 / (365 / 90) = 18.5;
        // reciprocity 30 x (0.71 x 0.7 + min(1, 0.5) x 0.3) = 19.4; tenure 10 x 365 / 730 = 5
        assertThat(strength.components())
                .extracting(StrengthComponent::name, StrengthComponent::weight, StrengthComponent::points)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recency", 35, 25),
                        org.assertj.core.groups.Tuple.tuple("frequency", 25, 18),
                        org.assertj.core.groups.Tuple.tuple("reciprocity", 30, 19),
                        org.assertj.core.groups.Tuple.tuple("tenure", 10, 5));
        assertThat(strength.score()).isEqualTo(67);
        assertThat(strength.components().get(0).value()).isEqualTo(0.707);
        assertThat(strength.components().get(0).explanation())
                .isEqualTo("Last touch 45 days ago, against a rhythm of every 90 days.");
        // reciprocity has the most points still to gain (11), tenure cannot be acted on
        assertThat(strength.raiseMost())
                .isEqualTo("Give Jill something worth answering, and ask for nothing: replies and messages from Jill"
                        + " would raise strength by up to 11 points.");
    }

    @Test
    void longWithoutATouchTheOneThingToDoIsToReachOutWithTheScoreItWouldReach() {
        Strength strength = StrengthScore.of(jill(180));

        assertThat(strength.score()).isEqualTo(9 + 18 + 19 + 5);
        assertThat(strength.raiseMost())
                .isEqualTo("Reach out to Jill: a touch now would raise strength from 51 to 77.");
    }

    @Test
    void withoutATouchRecencyGivesNothing() {
        Strength strength = StrengthScore.of(new StrengthScore.Inputs("Jill", null, 90, 0, 50, 0, 0));

        assertThat(strength.components().get(0).points()).isZero();
        assertThat(strength.components().get(0).explanation()).isEqualTo("No touch with Jill yet.");
        assertThat(strength.score()).isEqualTo(0 + 0 + 11 + 0); // 30 x 0.5 x 0.7
    }

    @Test
    void aFullScoreHasNothingLeftToRaise() {
        Strength strength = StrengthScore.of(new StrengthScore.Inputs("Jill", 0, 30, 20, 100, 0.5, 1000));

        assertThat(strength.score()).isEqualTo(100);
        assertThat(strength.raiseMost()).startsWith("Keep the rhythm with Jill");
    }

    @Test
    void theRulesScoreARelationshipOnItsBaseCadenceInWholeDays() {
        Facts jill = Facts.jill();
        for (int day = 0; day <= 300; day += 60) {
            jill.outbound(day(day)).inbound(day(day).plus(Duration.ofHours(5)));
        }
        RelationshipFacts facts = jill.build();

        Strength morning = rules.assess(facts, day(330)).strength();
        Strength evening =
                rules.assess(facts, day(330).plus(Duration.ofHours(13))).strength();

        // learned every 60 days, last touched 30 days ago: 35 x 2^(-1/2); touch days 0, 60, ... 300, 6 of the
        // 6.1 a year at that rhythm; 6 of 6 answered (responsiveness 88) but none begun by Jill: 30 x 0.88 x 0.7;
        // known 330 days
        assertThat(morning.components()).extracting(StrengthComponent::points).containsExactly(25, 25, 18, 5);
        assertThat(morning.score()).isEqualTo(73);
        assertThat(evening).isEqualTo(morning);
    }
}
