package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.kafka.BatchRecords;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InvalidEventException;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Folds one polled batch: one read and one write of the database per batch, not per event, which
 * is what makes 5,000 events a second possible. A record that fails is reported by its index
 * ({@link BatchRecords}). Each event keeps the trace context of its record, for what it causes.
 * The personal data of the whole batch is opened first, in one read of the keyring.
 */
final class InboundBatch {

    private InboundBatch() {}

    /**
     * @param translate maps one opened event to the relationship event it means, empty for an event of
     *     no concern here; throws {@link InvalidEventException} for one that cannot be understood
     */
    static void fold(
            List<ConsumerRecord<String, InboundEvent>> records,
            PersonalData personalData,
            Function<InboundEvent, Optional<Addressed>> translate,
            RelationshipManagement relationships) {
        List<InboundEvent> read = new ArrayList<>(records.size());
        for (ConsumerRecord<String, InboundEvent> record : records) {
            if (record.value() != null) { // one that could not be read is reported by BatchRecords
                read.add(record.value());
            }
        }
        List<InboundEvent> opened = personalData.open(read);
        Map<InboundEvent, InboundEvent> openedOf = new IdentityHashMap<>();
        for (int i = 0; i < read.size(); i++) {
            openedOf.put(read.get(i), opened.get(i));
        }
        BatchRecords.handle(
                records,
                event -> translate
                        .apply(openedOf.get(event))
                        .map(addressed -> addressed.causedBy(event.traceparent()))
                        .orElse(null),
                relationships::fold);
    }

    /**
     * What an event that arrived without its personal data (the person's key is gone) means: the
     * person was erased, whatever the event says; it creates or restores nothing visible.
     */
    static Addressed erased(InboundEvent event) {
        return erasure(ContactErased.foundIn(event));
    }

    /** The relationship event of an erasure, read from contact.erased or found in an event that no longer opens. */
    static Addressed erasure(ContactErased erasure) {
        return new Addressed(
                erasure.contactId(),
                erasure.ownerId(),
                new RelationshipEvent.ContactErased(erasure.sequence(), erasure.erasureId()));
    }
}
