package com.keepintouch.reminder.relationship.domain;

import java.time.Duration;
import java.time.Instant;

/** Builds the facts of one relationship for a test, one event at a time. */
final class Facts {

    static final Instant MET = Instant.parse("2026-01-05T10:00:00Z");

    private RelationshipFacts facts = RelationshipFacts.empty("c_jill", "alice");
    private int interactions;

    static Facts jill() {
        return new Facts().contact(Tier.REGULAR, null, ContactStatus.ACTIVE, 1);
    }

    Facts contact(Tier tier, Integer cadenceDays, ContactStatus status, long version) {
        facts = facts.with(new RelationshipEvent.ContactChanged(
                new ContactFacts("Jill", tier, cadenceDays, status, MET, MET, false, version)));
        return this;
    }

    /** Jill, regular, with tags, a company and a title, as of {@code version}. */
    Facts described(java.util.List<String> tags, String company, String title, long version) {
        facts = facts.with(new RelationshipEvent.ContactChanged(new ContactFacts(
                "Jill", Tier.REGULAR, null, ContactStatus.ACTIVE, MET, MET, false, version, tags, company, title)));
        return this;
    }

    Facts deleted(long version) {
        facts = facts.with(new RelationshipEvent.ContactDeleted(version));
        return this;
    }

    Facts touch(InteractionType type, Direction direction, Instant at) {
        facts = facts.with(new RelationshipEvent.InteractionRecorded(
                new Touchpoint("i" + (++interactions), at, type, direction, false)));
        return this;
    }

    /** An inbound email that answers the interaction {@code outreachId} (as capture records it). */
    Facts reply(Instant at, String outreachId, Instant outreachAt) {
        facts = facts.with(new RelationshipEvent.InteractionRecorded(new Touchpoint(
                "i" + (++interactions),
                at,
                InteractionType.EMAIL,
                Direction.INBOUND,
                false,
                new InReplyTo(outreachId, outreachAt))));
        return this;
    }

    /** An article shared with Jill: an item of the library, a link, or both. */
    Facts shared(Instant at, String shareableId, String url) {
        facts = facts.with(new RelationshipEvent.InteractionRecorded(new Touchpoint(
                "i" + (++interactions),
                at,
                InteractionType.ARTICLE_SHARED,
                Direction.OUTBOUND,
                false,
                null,
                new SharedItem(shareableId, url))));
        return this;
    }

    /** The id the next touch will get. */
    String nextId() {
        return "i" + (interactions + 1);
    }

    Facts outbound(Instant at) {
        return touch(InteractionType.EMAIL, Direction.OUTBOUND, at);
    }

    Facts inbound(Instant at) {
        return touch(InteractionType.EMAIL, Direction.INBOUND, at);
    }

    Facts snooze(Instant until, Instant requestedAt) {
        facts = facts.with(new RelationshipEvent.Snoozed(new Snooze("s" + requestedAt, until, requestedAt), true));
        return this;
    }

    /** A version of the plan {@code id}: a meeting planned for {@code at}, or cancelled. */
    Facts plan(String id, Instant at, boolean cancelled, long sequence) {
        facts = facts.with(new RelationshipEvent.TouchPlanned(
                new PlannedTouch(id, at, InteractionType.MEETING, "Coffee with Jill", cancelled, sequence)));
        return this;
    }

    Facts forget(String interactionId) {
        facts = facts.with(new RelationshipEvent.InteractionDeleted(interactionId));
        return this;
    }

    RelationshipFacts build() {
        return facts;
    }

    static Instant day(int n) {
        return MET.plus(Duration.ofDays(n));
    }
}
