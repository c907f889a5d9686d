package com.keepintouch.reminder.relationship.domain;

import static com.keepintouch.reminder.relationship.domain.Facts.MET;
import static com.keepintouch.reminder.relationship.domain.Facts.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An erasure leaves a tombstone that holds nothing of the person, announces nothing, and is final. */
class ErasureTest {

    private final RelationshipRules rules = new RelationshipRules(ReminderSettings.defaults());

    private static RelationshipEvent created(long version) {
        return new RelationshipEvent.ContactChanged(new ContactFacts(
                "Jill Summers",
                Tier.CLOSE,
                null,
                ContactStatus.ACTIVE,
                MET,
                MET,
                false,
                version,
                List.of("Founders"),
                "Acme",
                "CTO"));
    }

    private static RelationshipEvent touch(String id, int day) {
        return new RelationshipEvent.InteractionRecorded(
                new Touchpoint(id, day(day), InteractionType.FAVOR_ASKED, Direction.OUTBOUND, false));
    }

    private Relationship known() {
        return Relationship.start("c_jill", "alice")
                .fold(
                        List.of(
                                created(1),
                                touch("i1", 1),
                                touch("i2", 2),
                                new RelationshipEvent.TouchPlanned(new PlannedTouch(
                                        "p1", day(40), InteractionType.MEETING, "Coffee with Jill", false, 1)),
                                new RelationshipEvent.Snoozed(new Snooze("s1", day(60), day(3)), true)),
                        day(3),
                        rules)
                .relationship();
    }

    @Test
    void anErasureKeepsOnlyTheIdsAndAnnouncesNothing() {
        Relationship before = known();
        assertThat(before.occasions()).isNotEmpty();

        Relationship.Outcome erased = before.fold(List.of(new RelationshipEvent.ContactErased(2, "e1")), day(4), rules);

        assertThat(erased.changed()).isTrue();
        assertThat(erased.transitions()).isEmpty();
        assertThat(erased.assessment()).isNull();
        Relationship tombstone = erased.relationship();
        assertThat(tombstone.erased()).isTrue();
        assertThat(tombstone.status()).isNull();
        assertThat(tombstone.occasions()).isEmpty();
        assertThat(tombstone.suggested()).isEmpty();
        RelationshipFacts facts = tombstone.facts();
        assertThat(facts.contactId()).isEqualTo("c_jill");
        assertThat(facts.ownerId()).isEqualTo("alice");
        assertThat(facts.contact().name()).isNull();
        assertThat(facts.contact().company()).isNull();
        assertThat(facts.contact().title()).isNull();
        assertThat(facts.contact().tags()).isEmpty();
        assertThat(facts.contact().deleted()).isTrue();
        assertThat(facts.touchpoints()).isEmpty();
        assertThat(facts.archiving()).isEmpty();
        assertThat(facts.archived()).isEqualTo(TouchSummary.EMPTY);
        assertThat(facts.snoozes()).isEmpty();
        assertThat(facts.planned()).isEmpty();
        assertThat(tombstone.assess(day(4), rules)).isEmpty();
    }

    @Test
    void nothingAfterAnErasureChangesItNotEvenAReplayOfEverythingBefore() {
        Relationship tombstone = known().fold(List.of(new RelationshipEvent.ContactErased(2, "e1")), day(4), rules)
                .relationship();

        Relationship.Outcome replayed = tombstone.fold(
                List.of(
                        created(1),
                        created(9),
                        touch("i1", 1),
                        touch("i3", 5),
                        new RelationshipEvent.InteractionDeleted("i2"),
                        new RelationshipEvent.ContactDeleted(10),
                        new RelationshipEvent.TouchPlanned(
                                new PlannedTouch("p2", day(50), InteractionType.MEETING, "Lunch", false, 2)),
                        new RelationshipEvent.Snoozed(new Snooze("s2", day(90), day(5)), true),
                        new RelationshipEvent.ContactErased(11, "e2")),
                day(200),
                rules);

        assertThat(replayed.changed()).isFalse();
        assertThat(replayed.transitions()).isEmpty();
        assertThat(replayed.relationship()).isEqualTo(tombstone);
        assertThat(tombstone.reassess(day(400), rules).changed()).isFalse();
    }

    @Test
    void anErasureOfAContactNeverSeenIsATombstoneFromTheStart() {
        Relationship.Outcome outcome = Relationship.start("c_jill", "alice")
                .fold(List.of(new RelationshipEvent.ContactErased(1, null), created(1), touch("i1", 1)), day(2), rules);

        assertThat(outcome.relationship().erased()).isTrue();
        assertThat(outcome.relationship().facts().touchpoints()).isEmpty();
        assertThat(outcome.assessment()).isNull();
        assertThat(outcome.transitions()).isEmpty();
    }
}
