package com.keepintouch.reminder.relationship;

import static com.keepintouch.reminder.relationship.ContactsEventHandler.millis;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.Snooze;
import com.keepintouch.reminder.relationship.domain.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * relationships.v1, our own topic, read for one type: {@code relationship.snoozed}. A snooze is a
 * recruiter's decision that lives nowhere else, so an instance rebuilding its state from the topics
 * learns it here. The instance that took the request has folded it already; for it this is a no-op.
 * The events are sealed: {@code snoozeId}, {@code until} and {@code requestedAt} stay plain, the
 * contact's name and state do not, and are not needed here. Any of them that arrives without its
 * personal data (the person's key is gone) means the person was erased.
 */
@Component
class SnoozesEventHandler {

    private final RelationshipManagement relationships;
    private final PersonalData personalData;

    SnoozesEventHandler(RelationshipManagement relationships, PersonalData personalData) {
        this.relationships = relationships;
        this.personalData = personalData;
    }

    record SnoozedData(String contactId, String ownerId, String snoozeId, Instant until, Instant requestedAt) {}

    @KafkaListener(
            id = "reminder-snoozes",
            topics = "relationships.v1",
            groupId = "${kit.reminders.consumer-group}",
            batch = "true")
    void on(List<ConsumerRecord<String, InboundEvent>> records) {
        InboundBatch.fold(records, personalData, SnoozesEventHandler::translate, relationships);
    }

    static Optional<Addressed> translate(InboundEvent event) {
        if (event.erased()) {
            return Optional.of(InboundBatch.erased(event));
        }
        if (!Transition.SNOOZED.equals(event.type())) {
            return Optional.empty();
        }
        SnoozedData data = event.dataAs(SnoozedData.class);
        Snooze snooze = new Snooze(data.snoozeId(), millis(data.until()), millis(data.requestedAt()));
        return Optional.of(
                new Addressed(data.contactId(), data.ownerId(), new RelationshipEvent.Snoozed(snooze, false)));
    }
}
