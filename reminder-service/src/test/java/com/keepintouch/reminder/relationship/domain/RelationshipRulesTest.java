package com.keepintouch.reminder.relationship.domain;

import static com.keepintouch.reminder.relationship.domain.Facts.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RelationshipRulesTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    @Nested
    class Touches {

        @Test
        void notesAreKeptButDoNotCountAsTouches() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(10))
                    .touch(InteractionType.NOTE, Direction.OUTBOUND, day(50))
                    .build();

            Assessment state = rules.assess(facts, day(60));

            assertThat(state.lastTouchAt()).isEqualTo(day(10));
            assertThat(state.cycle()).isEqualTo(1);
        }

        @Test
        void aDeletedInteractionCountsAsIfItNeverHappened() {
            RelationshipFacts withIt =
                    Facts.jill().outbound(day(10)).outbound(day(80)).build();
            RelationshipFacts without = Facts.jill()
                    .outbound(day(10))
                    .outbound(day(80))
                    .forget("i2")
                    .build();
            RelationshipFacts neverHad = Facts.jill().outbound(day(10)).build();

            assertThat(rules.assess(withIt, day(120)).lastTouchAt()).isEqualTo(day(80));
            Assessment afterDelete = rules.assess(without, day(120));
            Assessment never = rules.assess(neverHad, day(120));
            assertThat(afterDelete.lastTouchAt()).isEqualTo(day(10));
            assertThat(afterDelete.status()).isEqualTo(never.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(afterDelete.nextDueAt()).isEqualTo(never.nextDueAt());
            assertThat(afterDelete.reasons()).isEqualTo(never.reasons());
        }
    }

    @Nested
    class Cadences {

        @Test
        void explicitCadenceWinsOverEverything() {
            RelationshipFacts facts = Facts.jill()
                    .contact(Tier.CLOSE, 45, ContactStatus.ACTIVE, 2)
                    .outbound(day(0))
                    .outbound(day(10))
                    .outbound(day(20))
                    .inbound(day(30))
                    .build();

            Cadence cadence = rules.assess(facts, day(31)).cadence();

            assertThat(cadence).isEqualTo(new Cadence(45, CadenceSource.EXPLICIT, 0));
        }

        @Test
        void cadenceIsLearnedFromTheMedianIntervalOnceThereAreFourTouchDays() {
            RelationshipFacts three = Facts.jill()
                    .outbound(day(0))
                    .inbound(day(20))
                    .outbound(day(80))
                    .build();
            RelationshipFacts four = Facts.jill()
                    .outbound(day(0))
                    .inbound(day(20))
                    .outbound(day(80))
                    .inbound(day(140))
                    .build();

            assertThat(rules.assess(three, day(81)).cadence().source()).isEqualTo(CadenceSource.TIER_DEFAULT);
            // intervals 20, 60, 60: the median is 60
            assertThat(rules.assess(four, day(141)).cadence()).isEqualTo(new Cadence(60, CadenceSource.LEARNED, 4));
        }

        @Test
        void severalTouchesOnOneDayAreOneTouchDayForLearning() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(0))
                    .inbound(day(0).plusSeconds(600))
                    .outbound(day(0).plusSeconds(1200))
                    .inbound(day(30))
                    .build();

            assertThat(rules.assess(facts, day(31)).cadence().source()).isEqualTo(CadenceSource.TIER_DEFAULT);
        }

        @Test
        void tierDefaultsAreThirtyNinetyAndOneHundredEightyDays() {
            Map<Tier, Integer> days = new HashMap<>();
            for (Tier tier : Tier.values()) {
                RelationshipFacts facts =
                        new Facts().contact(tier, null, ContactStatus.ACTIVE, 1).build();
                Cadence cadence = rules.assess(facts, day(1)).cadence();
                assertThat(cadence.source()).isEqualTo(CadenceSource.TIER_DEFAULT);
                days.put(tier, cadence.days());
            }
            assertThat(days).isEqualTo(Map.of(Tier.CLOSE, 30, Tier.REGULAR, 90, Tier.DISTANT, 180));
        }
    }

    @Nested
    class DueDates {

        @Test
        void dueACadenceAfterTheLastTouchAndOverdueHalfACadenceLater() {
            RelationshipFacts facts = Facts.jill().outbound(day(10)).build();

            assertThat(rules.assess(facts, day(99)).status()).isEqualTo(RelationshipStatus.OK);
            Assessment due = rules.assess(facts, day(100));
            assertThat(due.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(due.nextDueAt()).isEqualTo(day(100));
            assertThat(due.overdueAt()).isEqualTo(day(145));
            assertThat(rules.assess(facts, day(145)).status()).isEqualTo(RelationshipStatus.OVERDUE);
        }

        @Test
        void theReasonsSayHowLongItHasBeenAndWhatTheRhythmIs() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(0))
                    .inbound(day(60))
                    .outbound(day(120))
                    .inbound(day(180))
                    .build();

            Assessment state = rules.assess(facts, day(392));

            assertThat(state.status()).isEqualTo(RelationshipStatus.OVERDUE);
            assertThat(state.reasons())
                    .contains("No touch for 212 days; your usual rhythm with Jill is every 60 days.");
            assertThat(state.suggestedAction()).startsWith("Reach out to Jill today");
        }

        @Test
        void snoozeHoldsTheDueDateBackButNeverBringsItForward() {
            RelationshipFacts due = Facts.jill().outbound(day(10)).build();
            RelationshipFacts snoozedLater =
                    Facts.jill().outbound(day(10)).snooze(day(120), day(100)).build();
            RelationshipFacts snoozedEarlier =
                    Facts.jill().outbound(day(10)).snooze(day(50), day(40)).build();

            assertThat(rules.assess(snoozedLater, day(110)).status()).isEqualTo(RelationshipStatus.OK);
            assertThat(rules.assess(snoozedLater, day(110)).nextDueAt()).isEqualTo(day(120));
            assertThat(rules.assess(snoozedLater, day(110)).reasons()).contains("Snoozed until 2026-05-05.");
            assertThat(rules.assess(snoozedEarlier, day(60)).nextDueAt())
                    .isEqualTo(rules.assess(due, day(60)).nextDueAt())
                    .isEqualTo(day(100));
        }

        @Test
        void aNewContactIsDueACadenceAfterMeetingPlusAStableSpread() {
            RelationshipFacts facts = Facts.jill().build();

            Instant nextDue = rules.assess(facts, day(1)).nextDueAt();

            assertThat(nextDue).isBetween(day(90), day(104));
            assertThat(rules.assess(facts, day(2)).nextDueAt()).isEqualTo(nextDue);
        }

        @Test
        void anImportOfLongKnownContactsIsSpreadOverTheWindowNotDueOnOneDay() {
            Instant imported = Instant.parse("2026-11-26T00:00:00Z");
            Map<Long, Integer> perDay = new HashMap<>();
            IntStream.range(0, 500).forEach(i -> {
                RelationshipFacts facts = RelationshipFacts.empty("c_" + i, "alice")
                        .with(new RelationshipEvent.ContactChanged(new ContactFacts(
                                "Contact " + i,
                                Tier.CLOSE,
                                null,
                                ContactStatus.ACTIVE,
                                Instant.parse("2019-03-01T00:00:00Z"),
                                imported,
                                false,
                                1)));
                Instant due = rules.assess(facts, imported).nextDueAt();
                assertThat(due).isBetween(imported, imported.plus(Duration.ofDays(14)));
                perDay.merge(Duration.between(imported, due).toDays(), 1, Integer::sum);
            });
            assertThat(perDay).hasSize(14);
            assertThat(perDay.values()).allMatch(n -> n < 70);
        }
    }

    @Nested
    class Paused {

        @Test
        void pausedDoNotContactAndDeletedContactsArePausedWithTheirReason() {
            assertThat(rules.assess(
                                    Facts.jill()
                                            .contact(Tier.CLOSE, null, ContactStatus.PAUSED, 2)
                                            .build(),
                                    day(400))
                            .reasons())
                    .containsExactly("You paused Jill; no reminders until you set them active again.");
            Assessment dnc = rules.assess(
                    Facts.jill()
                            .contact(Tier.CLOSE, null, ContactStatus.DO_NOT_CONTACT, 2)
                            .build(),
                    day(400));
            assertThat(dnc.status()).isEqualTo(RelationshipStatus.PAUSED);
            assertThat(dnc.suggestedAction()).isEqualTo("Do not contact Jill.");
            Assessment deleted = rules.assess(Facts.jill().deleted(2).build(), day(400));
            assertThat(deleted.status()).isEqualTo(RelationshipStatus.PAUSED);
            assertThat(deleted.nextCheckAt()).isNull();
        }
    }

    @Nested
    class NonResponsive {

        @Test
        void threeOutreachesWithoutAReplyBackOffDoublingPerFurtherOutreach() {
            Facts facts = Facts.jill().inbound(day(0)).outbound(day(10)).outbound(day(100));
            assertThat(rules.assess(facts.build(), day(101)).status()).isEqualTo(RelationshipStatus.OK);

            Assessment three = rules.assess(facts.outbound(day(190)).build(), day(191));
            assertThat(three.status()).isEqualTo(RelationshipStatus.NON_RESPONSIVE);
            assertThat(three.unansweredOutreaches()).isEqualTo(3);
            // none of the three replied to: the regular 90 days double to 180 (effort follows
            // reciprocity), and the back-off doubles that
            assertThat(three.cadence().days()).isEqualTo(180);
            assertThat(three.intervalDays()).isEqualTo(360);
            assertThat(three.nextDueAt()).isEqualTo(day(550));
            assertThat(three.suggestedAction()).startsWith("Don't chase Jill: no reply to your last 3 outreaches.");

            Assessment four = rules.assess(facts.outbound(day(370)).build(), day(371));
            assertThat(four.intervalDays()).isEqualTo(720);
            assertThat(four.status()).isEqualTo(RelationshipStatus.NON_RESPONSIVE);
        }

        @Test
        void whenTheBackOffRunsOutTheRelationshipIsDueAgainForAGentleTry() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(0))
                    .outbound(day(10))
                    .outbound(day(20))
                    .build();

            // the cadence doubled to 180 days for a contact who replied to none, backed off to 360
            Assessment state = rules.assess(facts, day(400));

            assertThat(state.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(state.suggestedAction()).startsWith("Try Jill once more, gently");
        }

        @Test
        void anyInboundTouchClearsIt() {
            Facts facts = Facts.jill().outbound(day(0)).outbound(day(10)).outbound(day(20));
            assertThat(rules.assess(facts.build(), day(21)).status()).isEqualTo(RelationshipStatus.NON_RESPONSIVE);

            Assessment replied = rules.assess(facts.inbound(day(25)).build(), day(26));

            assertThat(replied.status()).isEqualTo(RelationshipStatus.OK);
            assertThat(replied.unansweredOutreaches()).isZero();
            assertThat(replied.intervalDays()).isEqualTo(replied.cadence().days());
        }
    }

    @Nested
    class GivesAndAsks {

        @Test
        void anAskWithinThirtyDaysOfMeetingIsTooSoon() {
            RelationshipFacts facts = Facts.jill()
                    .touch(InteractionType.ARTICLE_SHARED, Direction.OUTBOUND, day(2))
                    .touch(InteractionType.FAVOR_ASKED, Direction.OUTBOUND, day(12))
                    .build();

            assertThat(rules.askTooSoon(facts, facts.touchpoint("i2").orElseThrow()))
                    .contains("You asked Jill for a favour 12 days after meeting; give before you ask.");
        }

        @Test
        void anAskWhileAsksOutnumberGivesIsTooSoon() {
            RelationshipFacts facts = Facts.jill()
                    .touch(InteractionType.ARTICLE_SHARED, Direction.OUTBOUND, day(40))
                    .inbound(day(50))
                    .touch(InteractionType.FAVOR_ASKED, Direction.OUTBOUND, day(60))
                    .touch(InteractionType.FAVOR_ASKED, Direction.OUTBOUND, day(70))
                    .build();

            assertThat(rules.askTooSoon(facts, facts.touchpoint("i3").orElseThrow()))
                    .isEmpty();
            assertThat(rules.askTooSoon(facts, facts.touchpoint("i4").orElseThrow()))
                    .contains("Your asks of Jill (2) outnumber your gives (1); give before you ask.");
            Assessment state = rules.assess(facts, day(200));
            assertThat(state.gives()).isEqualTo(1);
            assertThat(state.asks()).isEqualTo(2);
            assertThat(state.reasons()).contains("Your asks (2) outnumber your gives (1).");
            assertThat(state.suggestedAction())
                    .isEqualTo(
                            "Share something useful with Jill without asking for anything: your last two touches were asks.");
        }
    }

    /** Jill (regular, every 90 days) was last touched on day 10: due on day 100, overdue on day 145. */
    @Nested
    class PlannedTouches {

        /** Without the grace after a meeting's time, so each rule shows on its own; the grace has its test. */
        private final RelationshipRules rules =
                new RelationshipRules(ReminderSettings.defaults().withPlannedGrace(Duration.ZERO));

        private final RelationshipFacts unplanned =
                Facts.jill().outbound(day(10)).build();

        @Test
        void theCalendarHasAGraceAfterTheMeetingToRecordItBeforeTheRelationshipFallsDue() {
            RelationshipRules shipped = new RelationshipRules(ReminderSettings.defaults());
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(120), false, 1)
                    .build();

            Assessment ahead = shipped.assess(facts, day(110));
            assertThat(ahead.nextDueAt()).isEqualTo(day(121));
            assertThat(ahead.plannedUntil()).isEqualTo(day(120));
            assertThat(shipped.assess(facts, day(120).plusSeconds(3600)).status())
                    .as("an hour after the meeting, before the calendar's next poll")
                    .isEqualTo(RelationshipStatus.OK);
            assertThat(shipped.assess(facts, day(121)).status()).isEqualTo(RelationshipStatus.DUE);
            RelationshipFacts closeToDue = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(100).minusSeconds(3600), false, 1)
                    .build();
            assertThat(shipped.assess(closeToDue, day(99)).nextDueAt())
                    .as("a meeting an hour before the due date holds it until a grace after the meeting")
                    .isEqualTo(day(100).minusSeconds(3600).plus(Duration.ofDays(1)));
        }

        @Test
        void aMeetingAheadHoldsBackWhatWouldBeDueAndTheSweepLooksAgainAtItsTime() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(120), false, 1)
                    .build();

            assertThat(rules.assess(unplanned, day(110)).status()).isEqualTo(RelationshipStatus.DUE);
            Assessment state = rules.assess(facts, day(110));

            assertThat(state.status()).isEqualTo(RelationshipStatus.OK);
            assertThat(state.nextDueAt()).isEqualTo(day(120));
            assertThat(state.nextCheckAt()).isEqualTo(day(120));
            assertThat(state.plannedUntil()).isEqualTo(day(120));
            assertThat(state.plannedTouch().summary()).isEqualTo("Coffee with Jill");
            assertThat(state.reasons()).contains("Meeting planned with Jill on 2026-05-05; nothing is due before it.");
            assertThat(state.suggestedAction())
                    .isEqualTo("Nothing to do before the meeting planned with Jill on 2026-05-05.");
        }

        @Test
        void aMeetingAheadHoldsBackWhatWouldBeOverdue() {
            RelationshipFacts facts = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(200), false, 1)
                    .build();

            assertThat(rules.assess(unplanned, day(150)).status()).isEqualTo(RelationshipStatus.OVERDUE);
            assertThat(rules.assess(facts, day(150)).status()).isEqualTo(RelationshipStatus.OK);
            assertThat(rules.assess(facts, day(199)).status()).isEqualTo(RelationshipStatus.OK);
        }

        @Test
        void aMeetingBeforeTheDueDateIsShownButMovesNothing() {
            RelationshipFacts facts =
                    Facts.jill().outbound(day(10)).plan("p1", day(60), false, 1).build();

            Assessment state = rules.assess(facts, day(50));

            assertThat(state.nextDueAt())
                    .isEqualTo(rules.assess(unplanned, day(50)).nextDueAt());
            assertThat(state.plannedUntil()).isNull();
            assertThat(state.plannedTouch().plannedFor()).isEqualTo(day(60));
            assertThat(state.reasons()).contains("Meeting planned with Jill on 2026-03-06.");
            assertThat(state.suggestedAction()).isEqualTo("Nothing to do now; next touch by 2026-04-15.");
        }

        @Test
        void aCancelledMeetingHoldsNothingBackAndAnOlderVersionReadLateDoesNotRestoreIt() {
            RelationshipFacts cancelled = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(120), false, 1)
                    .plan("p1", day(120), true, 2)
                    .plan("p1", day(120), false, 1)
                    .build();

            Assessment state = rules.assess(cancelled, day(110));

            assertThat(state.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(state.plannedTouch()).isNull();
            assertThat(state.reasons())
                    .isEqualTo(rules.assess(unplanned, day(110)).reasons());
        }

        @Test
        void aMovedMeetingHoldsUntilItsNewTimeWhicheverWayItMoved() {
            Facts later = Facts.jill().outbound(day(10)).plan("p1", day(120), false, 1);
            later.plan("p1", day(130), false, 2);
            assertThat(rules.assess(later.build(), day(125)).status()).isEqualTo(RelationshipStatus.OK);
            assertThat(rules.assess(later.build(), day(125)).nextDueAt()).isEqualTo(day(130));

            later.plan("p1", day(105), false, 3).plan("p1", day(130), false, 2);
            Assessment earlier = rules.assess(later.build(), day(110));
            assertThat(earlier.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(earlier.nextDueAt()).isEqualTo(day(105));
            assertThat(later.build().planned()).hasSize(1);
        }

        @Test
        void aMeetingThatPassedWithoutATouchMakesItDueAtItsTimeAndTheMeetingOnceRecordedCountsAsUsual() {
            Facts facts = Facts.jill().outbound(day(10)).plan("p1", day(120), false, 1);

            Assessment missed = rules.assess(facts.build(), day(125));
            assertThat(missed.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(missed.nextDueAt()).isEqualTo(day(120));
            assertThat(missed.overdueAt()).isEqualTo(day(165));
            assertThat(missed.plannedTouch()).isNull();
            assertThat(missed.reasons())
                    .contains("A touch was planned with Jill on 2026-05-05; none is recorded since.");
            assertThat(rules.assess(facts.build(), day(165)).status()).isEqualTo(RelationshipStatus.OVERDUE);

            facts.touch(InteractionType.MEETING, Direction.OUTBOUND, day(120));
            Assessment met = rules.assess(facts.build(), day(125));
            assertThat(met.status()).isEqualTo(RelationshipStatus.OK);
            assertThat(met.nextDueAt()).isEqualTo(day(210));
            assertThat(met.plannedUntil()).isNull();
        }

        @Test
        void aMeetingInThePastBeforeTheDueDateChangesNothing() {
            RelationshipFacts facts =
                    Facts.jill().outbound(day(10)).plan("p1", day(40), false, 1).build();

            Assessment state = rules.assess(facts, day(110));
            Assessment without = rules.assess(unplanned, day(110));

            assertThat(state.status()).isEqualTo(without.status()).isEqualTo(RelationshipStatus.DUE);
            assertThat(state.nextDueAt()).isEqualTo(without.nextDueAt());
            assertThat(state.reasons()).isEqualTo(without.reasons());
        }

        @Test
        void theLaterOfASnoozeAndAMeetingHoldsTheDueDate() {
            RelationshipFacts snoozedLonger = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(120), false, 1)
                    .snooze(day(130), day(100))
                    .build();
            RelationshipFacts plannedLater = Facts.jill()
                    .outbound(day(10))
                    .plan("p1", day(120), false, 1)
                    .snooze(day(115), day(100))
                    .build();

            Assessment snoozed = rules.assess(snoozedLonger, day(110));
            assertThat(snoozed.nextDueAt()).isEqualTo(day(130));
            assertThat(snoozed.plannedUntil()).isNull();
            assertThat(snoozed.reasons())
                    .contains("Meeting planned with Jill on 2026-05-05.", "Snoozed until 2026-05-15.");
            assertThat(rules.assess(snoozedLonger, day(125)).status()).isEqualTo(RelationshipStatus.OK);

            Assessment planned = rules.assess(plannedLater, day(117));
            assertThat(planned.status()).isEqualTo(RelationshipStatus.OK);
            assertThat(planned.nextDueAt()).isEqualTo(day(120));
            assertThat(planned.snoozedUntil()).isEqualTo(day(115));
            assertThat(planned.reasons())
                    .contains(
                            "Meeting planned with Jill on 2026-05-05; nothing is due before it.",
                            "Snoozed until 2026-04-30.");
        }

        @Test
        void aNewContactWithAMeetingPlannedIsNotSaidToHaveASpreadFirstReminder() {
            RelationshipFacts facts =
                    Facts.jill().plan("p1", day(200), false, 1).build();

            Assessment state = rules.assess(facts, day(150));

            assertThat(state.nextDueAt()).isEqualTo(day(200));
            assertThat(state.reasons()).noneMatch(r -> r.startsWith("First reminder placed"));
        }
    }
}
