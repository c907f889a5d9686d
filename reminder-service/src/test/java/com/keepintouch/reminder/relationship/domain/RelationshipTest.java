package com.keepintouch.reminder.relationship.domain;

import static com.keepintouch.reminder.relationship.domain.Facts.MET;
import static com.keepintouch.reminder.relationship.domain.Facts.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelationshipTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    private static RelationshipEvent created() {
        return new RelationshipEvent.ContactChanged(
                new ContactFacts("Jill", Tier.REGULAR, null, ContactStatus.ACTIVE, MET, MET, false, 1));
    }

    private static RelationshipEvent touch(String id, InteractionType type, Direction direction, int day) {
        return new RelationshipEvent.InteractionRecorded(new Touchpoint(id, day(day), type, direction, false));
    }

    private static List<String> types(Relationship.Outcome outcome) {
        return outcome.transitions().stream().map(Transition::type).toList();
    }

    @Test
    void anInteractionBeforeItsContactIsKeptAndCountsOnceTheContactArrives() {
        Relationship.Outcome early = Relationship.start("c_jill", "alice")
                .fold(List.of(touch("i1", InteractionType.CALL, Direction.OUTBOUND, 5)), day(6), rules);
        assertThat(early.assessment()).isNull();
        assertThat(early.changed()).isTrue();

        Relationship.Outcome known = early.relationship().fold(List.of(created()), day(6), rules);

        assertThat(known.assessment().lastTouchAt()).isEqualTo(day(5));
        assertThat(known.assessment().status()).isEqualTo(RelationshipStatus.OK);
    }

    @Test
    void timeMakesItDueThenOverdueOnceEachAndATouchRecoversIt() {
        Relationship relationship = Relationship.start("c_jill", "alice")
                .fold(List.of(created(), touch("i1", InteractionType.CALL, Direction.OUTBOUND, 0)), day(1), rules)
                .relationship();

        Relationship.Outcome due = relationship.reassess(day(90), rules);
        assertThat(types(due)).containsExactly(Transition.DUE);
        assertThat(types(due.relationship().reassess(day(91), rules))).isEmpty();

        Relationship.Outcome overdue = due.relationship().reassess(day(135), rules);
        assertThat(types(overdue)).containsExactly(Transition.OVERDUE);
        assertThat(overdue.transitions().get(0).previousStatus()).isEqualTo(RelationshipStatus.DUE);

        Relationship.Outcome recovered = overdue.relationship()
                .fold(List.of(touch("i2", InteractionType.MEETING, Direction.INBOUND, 136)), day(136), rules);
        assertThat(types(recovered)).containsExactly(Transition.RECOVERED);
        assertThat(recovered.assessment().cycle()).isEqualTo(2);
    }

    @Test
    void thirdUnansweredOutreachAnnouncesNonResponsive() {
        Relationship.Outcome outcome = Relationship.start("c_jill", "alice")
                .fold(
                        List.of(
                                created(),
                                touch("i1", InteractionType.EMAIL, Direction.OUTBOUND, 0),
                                touch("i2", InteractionType.EMAIL, Direction.OUTBOUND, 10),
                                touch("i3", InteractionType.EMAIL, Direction.OUTBOUND, 20)),
                        day(21),
                        rules);

        assertThat(types(outcome)).containsExactly(Transition.NON_RESPONSIVE);
    }

    @Test
    void anAskTooSoonIsAnnouncedOnceWithItsReasonFirst() {
        List<RelationshipEvent> events =
                List.of(created(), touch("i1", InteractionType.FAVOR_ASKED, Direction.OUTBOUND, 3));

        Relationship.Outcome outcome = Relationship.start("c_jill", "alice").fold(events, day(4), rules);

        assertThat(types(outcome)).containsExactly(Transition.ASK_TOO_SOON);
        assertThat(outcome.transitions().get(0).state().reasons().get(0))
                .isEqualTo("You asked Jill for a favour 3 days after meeting; give before you ask.");
        assertThat(types(outcome.relationship().fold(events, day(4), rules))).isEmpty();
    }

    @Test
    void aSnoozeOfADueRelationshipIsAnnouncedAndItIsDueAgainWhenTheSnoozeEnds() {
        Relationship due = Relationship.start("c_jill", "alice")
                .fold(List.of(created(), touch("i1", InteractionType.CALL, Direction.OUTBOUND, 0)), day(95), rules)
                .relationship();
        assertThat(due.status()).isEqualTo(RelationshipStatus.DUE);

        Relationship.Outcome snoozed = due.fold(
                List.of(new RelationshipEvent.Snoozed(new Snooze("s1", day(102), day(95)), true)), day(95), rules);
        assertThat(types(snoozed)).containsExactly(Transition.RECOVERED, Transition.SNOOZED);

        assertThat(types(snoozed.relationship().reassess(day(102), rules))).containsExactly(Transition.DUE);
    }

    @Test
    void aSnoozeReadBackFromTheTopicChangesNothing() {
        Snooze snooze = new Snooze("s1", day(102), day(95));
        Relationship snoozed = Relationship.start("c_jill", "alice")
                .fold(List.of(created(), new RelationshipEvent.Snoozed(snooze, true)), day(95), rules)
                .relationship();

        Relationship.Outcome again =
                snoozed.fold(List.of(new RelationshipEvent.Snoozed(snooze, false)), day(95), rules);

        assertThat(again.changed()).isFalse();
        assertThat(again.transitions()).isEmpty();
    }

    @Test
    void pausingADueRelationshipAnnouncesNothingAndNothingIsDueWhilePaused() {
        Relationship due = Relationship.start("c_jill", "alice")
                .fold(List.of(created()), day(200), rules)
                .relationship();
        RelationshipEvent paused = new RelationshipEvent.ContactChanged(
                new ContactFacts("Jill", Tier.REGULAR, null, ContactStatus.PAUSED, MET, MET, false, 2));

        Relationship.Outcome outcome = due.fold(List.of(paused), day(201), rules);

        assertThat(outcome.transitions()).isEmpty();
        assertThat(outcome.relationship().status()).isEqualTo(RelationshipStatus.PAUSED);
        assertThat(outcome.relationship().reassess(day(900), rules).transitions())
                .isEmpty();
    }

    @Test
    void anOlderContactVersionIsIgnored() {
        Relationship relationship = Relationship.start("c_jill", "alice")
                .fold(
                        List.of(new RelationshipEvent.ContactChanged(
                                new ContactFacts("Jill", Tier.CLOSE, null, ContactStatus.ACTIVE, MET, MET, false, 5))),
                        day(1),
                        rules)
                .relationship();

        Relationship.Outcome stale = relationship.fold(List.of(created()), day(1), rules);

        assertThat(stale.changed()).isFalse();
        assertThat(stale.relationship().facts().contact().tier()).isEqualTo(Tier.CLOSE);
    }

    private static RelationshipEvent plan(String id, int day, boolean cancelled, long sequence) {
        return new RelationshipEvent.TouchPlanned(
                new PlannedTouch(id, day(day), InteractionType.MEETING, "Coffee with Jill", cancelled, sequence));
    }

    @Test
    void aMeetingPlannedForAnOverdueRelationshipRecoversItAndIfItNeverHappensItIsDueAgainAtItsTime() {
        Relationship overdue = Relationship.start("c_jill", "alice")
                .fold(List.of(created(), touch("i1", InteractionType.CALL, Direction.OUTBOUND, 0)), day(140), rules)
                .relationship();
        assertThat(overdue.status()).isEqualTo(RelationshipStatus.OVERDUE);

        Relationship.Outcome planned = overdue.fold(List.of(plan("p1", 150, false, 1)), day(140), rules);
        assertThat(types(planned)).containsExactly(Transition.RECOVERED);
        assertThat(planned.transitions().get(0).state().reasons())
                .contains("Meeting planned with Jill on 2026-06-04; not due before then.");
        assertThat(planned.assessment().nextCheckAt()).isEqualTo(day(150));

        Relationship.Outcome again = planned.relationship().fold(List.of(plan("p1", 150, false, 1)), day(141), rules);
        assertThat(again.changed()).isFalse();
        assertThat(again.transitions()).isEmpty();

        Relationship.Outcome missed = planned.relationship().reassess(day(150), rules);
        assertThat(types(missed)).containsExactly(Transition.DUE);
        assertThat(missed.transitions().get(0).occasion()).isEqualTo("due@" + day(150));

        Relationship.Outcome met = missed.relationship()
                .fold(List.of(touch("i2", InteractionType.MEETING, Direction.OUTBOUND, 150)), day(150), rules);
        assertThat(types(met)).containsExactly(Transition.RECOVERED);
    }

    @Test
    void aCancelledMeetingMakesItDueAgainAtOnce() {
        Relationship planned = Relationship.start("c_jill", "alice")
                .fold(
                        List.of(
                                created(),
                                touch("i1", InteractionType.CALL, Direction.OUTBOUND, 0),
                                plan("p1", 150, false, 1)),
                        day(100),
                        rules)
                .relationship();
        assertThat(planned.status()).isEqualTo(RelationshipStatus.OK);

        Relationship.Outcome cancelled = planned.fold(List.of(plan("p1", 150, true, 2)), day(100), rules);

        assertThat(types(cancelled)).containsExactly(Transition.DUE);
    }

    @Test
    void onlyTheLatestPlansAreKeptAndARepeatOfAForgottenOneChangesNothing() {
        Relationship relationship = Relationship.start("c_jill", "alice")
                .fold(List.of(created()), day(1), rules)
                .relationship();
        for (int i = 0; i < RelationshipFacts.PLANS_KEPT + 4; i++) {
            relationship = relationship
                    .fold(List.of(plan("p" + i, 10 + i, false, 1)), day(1), rules)
                    .relationship();
        }

        assertThat(relationship.facts().planned()).hasSize(RelationshipFacts.PLANS_KEPT);
        assertThat(relationship.facts().planned().get(0).id()).isEqualTo("p4");
        assertThat(relationship
                        .fold(List.of(plan("p0", 10, false, 1)), day(1), rules)
                        .changed())
                .isFalse();
    }

    @Test
    void aReplyToTheThirdUnansweredEmailClearsNonResponsiveness() {
        Relationship quiet = Relationship.start("c_jill", "alice")
                .fold(
                        List.of(
                                created(),
                                touch("i1", InteractionType.EMAIL, Direction.OUTBOUND, 0),
                                touch("i2", InteractionType.EMAIL, Direction.OUTBOUND, 7),
                                touch("i3", InteractionType.EMAIL, Direction.OUTBOUND, 14)),
                        day(15),
                        rules)
                .relationship();
        assertThat(quiet.status()).isEqualTo(RelationshipStatus.NON_RESPONSIVE);

        Relationship.Outcome replied = quiet.fold(
                List.of(new RelationshipEvent.InteractionRecorded(new Touchpoint(
                        "i4", day(16), InteractionType.EMAIL, Direction.INBOUND, false, new InReplyTo("i3", day(14))))),
                day(16),
                rules);

        assertThat(types(replied)).containsExactly(Transition.RECOVERED);
        assertThat(replied.assessment().unansweredOutreaches()).isZero();
        assertThat(replied.relationship().facts().touchpoint("i4").orElseThrow().inReplyTo())
                .isEqualTo(new InReplyTo("i3", day(14)));
    }
}
