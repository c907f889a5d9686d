package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.Assessment;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What an owner is asked to act on now and soon, assessed by the rules as the API shows it: every
 * listed relationship due, overdue or non-responsive, and every one that falls due within a
 * horizon (past due dates included), soonest first. Read from the listing indexes.
 */
@Component
public class DueReminders {

    private static final List<RelationshipStatus> ASKING =
            List.of(RelationshipStatus.DUE, RelationshipStatus.OVERDUE, RelationshipStatus.NON_RESPONSIVE);

    private final Relationships relationships;
    private final RelationshipManagement management;

    DueReminders(Relationships relationships, RelationshipManagement management) {
        this.relationships = relationships;
        this.management = management;
    }

    /** One relationship as of {@code now}, with what it is known by and how it stands. */
    public record DueReminder(RelationshipFacts facts, Assessment assessment) {}

    /** The owner's reminders as of now: at most {@code limit}, soonest due first. */
    public List<DueReminder> of(String ownerId, Instant now, Duration horizon, int limit) {
        Instant until = now.plus(horizon);
        return relationships.dueBy(ownerId, ASKING, until, limit).stream()
                .map(stored -> new DueReminder(stored.relationship().facts(), management.assess(stored, now)))
                // the stored status is as of the last sweep; the rules say how it stands now
                .filter(r -> r.assessment().status().needsAttention()
                        || (r.assessment().status() == RelationshipStatus.OK
                                && r.assessment().nextDueAt() != null
                                && !r.assessment().nextDueAt().isAfter(until)))
                .toList();
    }

    /** The service's clock. */
    public Instant now() {
        return management.now();
    }
}
