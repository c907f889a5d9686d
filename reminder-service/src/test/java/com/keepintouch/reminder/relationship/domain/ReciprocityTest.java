package com.keepintouch.reminder.relationship.domain;

import static com.keepintouch.reminder.relationship.domain.Facts.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reciprocity, tag cadences and the effort that follows reciprocity, on worked examples (docs/rules.md). */
class ReciprocityTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    @Nested
    class Profile {

        @Test
        void jillRepliedToFourOfHerLastFiveEmailsWithinADayAndReachedOutTwice() {
            Facts jill = Facts.jill();
            for (int day = 10; day <= 100; day += 30) {
                String email = jill.nextId();
                jill.outbound(day(day)).reply(day(day).plus(Duration.ofHours(20)), email, day(day));
            }
            jill.outbound(day(130)).inbound(day(200)).inbound(day(250));

            Reciprocity reciprocity = rules.assess(jill.build(), day(290)).reciprocity();

            assertThat(reciprocity.outreaches()).isEqualTo(5);
            assertThat(reciprocity.replied()).isEqualTo(4);
            assertThat(reciprocity.medianReplyHours()).isEqualTo(20);
            assertThat(reciprocity.initiatedByContact()).isEqualTo(2);
            assertThat(reciprocity.initiatedShare()).isEqualTo(0.182); // 2 of 11 touches
            assertThat(reciprocity.lastReachedOutAt()).isEqualTo(day(250));
            assertThat(reciprocity.daysSinceContactReachedOut()).isEqualTo(40);
            assertThat(reciprocity.responsiveness()).isEqualTo(71); // (4 + 1) / (5 + 2)
            assertThat(reciprocity.oneWay()).isFalse();
            assertThat(reciprocity.sentences())
                    .containsExactly(
                            "Jill replied to 4 of your last 5 emails, usually within a day;"
                                    + " Jill reached out first twice in the last year.",
                            "Jill last reached out 40 days ago.");
            assertThat(rules.assess(jill.build(), day(290)).reasons()).contains("Jill last reached out 40 days ago.");
        }

        @Test
        void aOneWayContactIsReachedOutToAgainAndAgainAndNeverAnswersNorBegins() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(10))
                    .touch(InteractionType.CALL, Direction.OUTBOUND, day(40))
                    .outbound(day(70))
                    .touch(InteractionType.ARTICLE_SHARED, Direction.OUTBOUND, day(100))
                    .build();

            Reciprocity reciprocity = rules.assess(facts, day(101)).reciprocity();

            assertThat(reciprocity.oneWay()).isTrue();
            assertThat(reciprocity.replied()).isZero();
            assertThat(reciprocity.initiatedByContact()).isZero();
            assertThat(reciprocity.lastReachedOutAt()).isNull();
            assertThat(reciprocity.daysSinceContactReachedOut()).isNull();
            assertThat(reciprocity.responsiveness()).isEqualTo(17); // 1 / 6
            assertThat(reciprocity.sentences())
                    .containsExactly("You have reached out to Jill 4 times without a reply or a message from Jill.");
        }

        @Test
        void aRelationshipWithNothingYetIsFiftyAndSaysNothing() {
            Reciprocity reciprocity = rules.assess(Facts.jill().build(), day(1)).reciprocity();

            assertThat(reciprocity.responsiveness()).isEqualTo(50);
            assertThat(reciprocity.sentences()).isEmpty();
            assertThat(reciprocity.oneWay()).isFalse();
        }

        @Test
        void aHandLoggedInboundTouchWithinFourteenDaysOfAnOutreachIsItsReplyAndLaterItIsTheContactsOwn() {
            Reciprocity within = rules.assess(
                            Facts.jill().outbound(day(10)).inbound(day(24)).build(), day(25))
                    .reciprocity();
            Reciprocity later = rules.assess(
                            Facts.jill()
                                    .outbound(day(10))
                                    .inbound(day(24).plusSeconds(1))
                                    .build(),
                            day(25))
                    .reciprocity();

            assertThat(within.replied()).isEqualTo(1);
            assertThat(within.medianReplyHours()).isEqualTo(14 * 24);
            assertThat(within.initiatedByContact()).isZero();
            assertThat(within.sentences()).containsExactly("Jill replied to your email after about 14 days.");
            assertThat(later.replied()).isZero();
            assertThat(later.initiatedByContact()).isEqualTo(1);
            assertThat(later.sentences())
                    .containsExactly(
                            "Jill has not replied to your email; Jill reached out first once in the last year.");
        }

        @Test
        void anExactReplyCountsHoweverLateItComes() {
            Facts jill = Facts.jill();
            String email = jill.nextId();
            RelationshipFacts facts =
                    jill.outbound(day(10)).reply(day(60), email, day(10)).build();

            Reciprocity reciprocity = rules.assess(facts, day(61)).reciprocity();

            assertThat(reciprocity.replied()).isEqualTo(1);
            assertThat(reciprocity.initiatedByContact()).isZero();
            assertThat(reciprocity.medianReplyHours()).isEqualTo(50 * 24);
            assertThat(reciprocity.sentences()).containsExactly("Jill replied to your email after about 50 days.");
        }

        @Test
        void exactRepliesClaimTheirOutreachesFirstAndAHandLoggedOneAnswersTheLatestLeftUnanswered() {
            Facts jill = Facts.jill().outbound(day(0));
            String second = jill.nextId();
            RelationshipFacts facts = jill.outbound(day(5))
                    .inbound(day(6)) // logged by hand: the email of day 5 is answered exactly, so it answers day 0's
                    .reply(day(7), second, day(5))
                    .build();

            Reciprocity reciprocity = rules.assess(facts, day(8)).reciprocity();

            assertThat(reciprocity.replied()).isEqualTo(2);
            assertThat(reciprocity.initiatedByContact()).isZero();
            assertThat(reciprocity.medianReplyHours()).isEqualTo((6 * 24 + 2 * 24) / 2);
        }

        @Test
        void theReplyRateLooksAtTheLatestTenOutreachesOnly() {
            Facts jill = Facts.jill();
            for (int i = 0; i < 5; i++) {
                jill.outbound(day(i * 10)).inbound(day(i * 10 + 1));
            }
            for (int i = 5; i < 15; i++) {
                jill.outbound(day(i * 10));
            }

            Reciprocity reciprocity = rules.assess(jill.build(), day(151)).reciprocity();

            assertThat(reciprocity.outreaches()).isEqualTo(Reciprocity.OUTREACHES_CONSIDERED);
            assertThat(reciprocity.replied()).isZero();
            assertThat(reciprocity.responsiveness()).isEqualTo(8); // 1 / 12
        }
    }

    @Nested
    class CadencePrecedence {

        private final OwnerPreferences owner =
                new OwnerPreferences(Map.of("recruiters", 20, "marketing", 45), List.of());

        private Assessment assess(RelationshipFacts facts, OwnerPreferences owner) {
            return rules.assess(facts, day(300), owner, List.of());
        }

        /** Four touch days, 60 days apart, three of four outreaches answered the same day: a learned 60 days. */
        private Facts learned(Facts facts) {
            for (int day = 0; day <= 120; day += 60) {
                facts.outbound(day(day)).inbound(day(day).plus(Duration.ofHours(2)));
            }
            return facts.outbound(day(180));
        }

        @Test
        void theContactsOwnCadenceWinsOverItsTags() {
            RelationshipFacts facts = learned(Facts.jill()
                            .described(List.of("Marketing"), null, null, 2)
                            .contact(Tier.CLOSE, 10, ContactStatus.ACTIVE, 3))
                    .build();

            assertThat(assess(facts, owner).cadence()).isEqualTo(new Cadence(10, CadenceSource.EXPLICIT, 0));
        }

        @Test
        void theFirstOfTheContactsTagsWithACadenceWinsOverLearnedAndTierAndTheStateNamesIt() {
            RelationshipFacts facts = learned(
                            Facts.jill().described(List.of("Friends", "Marketing", "Recruiters"), null, null, 2))
                    .build();

            Assessment state = assess(facts, owner);

            assertThat(state.cadence()).isEqualTo(new Cadence(45, CadenceSource.TAG, 0, "Marketing", null));
            assertThat(state.reasons().get(0))
                    .endsWith("you keep in touch with your Marketing contacts every 45 days.");
        }

        @Test
        void withoutATagCadenceTheLearnedOneAndThenTheTiersApply() {
            RelationshipFacts tagged = learned(Facts.jill().described(List.of("Friends"), null, null, 2))
                    .build();
            RelationshipFacts fresh =
                    Facts.jill().described(List.of("Friends"), null, null, 2).build();

            assertThat(assess(tagged, owner).cadence()).isEqualTo(new Cadence(60, CadenceSource.LEARNED, 4));
            assertThat(assess(fresh, owner).cadence().source()).isEqualTo(CadenceSource.TIER_DEFAULT);
            assertThat(assess(fresh, OwnerPreferences.NONE).cadence().days()).isEqualTo(90);
        }
    }

    @Nested
    class EffortFollowsReciprocity {

        /** Six outreaches 30 days apart (a learned 30 days), the first two answered the same day: one in three. */
        private RelationshipFacts rarelyReplies(Facts jill) {
            for (int day = 0; day <= 30; day += 30) {
                String email = jill.nextId();
                jill.outbound(day(day)).reply(day(day).plus(Duration.ofHours(3)), email, day(day));
            }
            for (int day = 60; day <= 150; day += 30) {
                jill.outbound(day(day));
            }
            return jill.build();
        }

        @Test
        void aContactWhoRarelyRepliesGetsALongerCadenceAndTheBackOffWorksOnIt() {
            Assessment state = rules.assess(rarelyReplies(Facts.jill()), day(300));

            assertThat(state.cadence().source()).isEqualTo(CadenceSource.LEARNED);
            assertThat(state.cadence().baseDays()).isEqualTo(30);
            assertThat(state.cadence().days()).isEqualTo(45);
            // the reply rate fell under one in two with the outreach of day 120 and stayed there
            assertThat(state.cadence().adaptation())
                    .isEqualTo(new CadenceAdaptation(
                            30,
                            45,
                            day(120),
                            "Jill replied to 2 of your last 6 outreaches; reminders every 45 days instead of 30."));
            // four unanswered in a row back off to four times the adapted cadence: due on day 150 + 180,
            // where the learned 30 days alone would have made it due on day 150 + 120
            assertThat(state.intervalDays()).isEqualTo(180);
            assertThat(state.status()).isEqualTo(RelationshipStatus.NON_RESPONSIVE);
            assertThat(state.nextDueAt()).isEqualTo(day(150 + 180));
            assertThat(state.reasons())
                    .contains("Jill replied to 2 of your last 6 outreaches; reminders every 45 days instead of 30.")
                    .contains("No touch for 150 days; your usual rhythm with Jill is every 30 days.");
        }

        @Test
        void underOneReplyInThreeTheCadenceDoubles() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(0))
                    .outbound(day(10))
                    .outbound(day(20))
                    .build();

            Cadence cadence = rules.assess(facts, day(21)).cadence();

            assertThat(cadence.days()).isEqualTo(180);
            assertThat(cadence.adaptation().since()).isEqualTo(day(20));
        }

        @Test
        void aResponsiveContactKeepsItsRhythm() {
            Facts jill = Facts.jill();
            for (int day = 0; day <= 90; day += 30) {
                jill.outbound(day(day)).inbound(day(day).plus(Duration.ofHours(2)));
            }
            jill.outbound(day(120)).outbound(day(150)); // two unanswered: still two in three answered

            Cadence cadence = rules.assess(jill.build(), day(151)).cadence();

            assertThat(cadence).isEqualTo(new Cadence(30, CadenceSource.LEARNED, 6));
            assertThat(cadence.adaptation()).isNull();
        }

        @Test
        void theContactsOwnCadenceAndATagsAreNeverAdapted() {
            RelationshipFacts explicit = rarelyReplies(Facts.jill().contact(Tier.REGULAR, 40, ContactStatus.ACTIVE, 2));
            RelationshipFacts tagged = rarelyReplies(Facts.jill().described(List.of("marketing"), null, null, 2));
            OwnerPreferences owner = new OwnerPreferences(Map.of("marketing", 45), List.of());

            assertThat(rules.assess(explicit, day(160)).cadence())
                    .isEqualTo(new Cadence(40, CadenceSource.EXPLICIT, 0));
            assertThat(rules.assess(tagged, day(160), owner, List.of()).cadence())
                    .isEqualTo(new Cadence(45, CadenceSource.TAG, 0, "marketing", null));
        }

        @Test
        void aReplyEndsTheAdaptationOnceTheRateIsBackToOneInTwo() {
            Facts jill = Facts.jill().outbound(day(0)).outbound(day(10)).outbound(day(20));
            Instant replied = day(21);
            assertThat(rules.assess(jill.build(), replied).cadence().adaptation())
                    .isNotNull();

            RelationshipFacts facts = jill.inbound(replied).inbound(day(22)).build(); // answers day 20's and 10's

            assertThat(rules.assess(facts, day(23)).cadence().adaptation()).isNull();
        }
    }
}
