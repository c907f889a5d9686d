package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.kafka.BatchRecords;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InvalidEventException;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Folds one polled batch: one read and one write of the database per batch, not per event, which
 * is what makes 5,000 events a second possible. A record that fails is reported by its index
 * ({@link BatchRecords}). Each event keeps the trace context of its record, for what it causes.
 */
final class InboundBatch {

    private InboundBatch() {}

    /**
     * @param translate maps one event to the relationship event it means, empty for an event of no
     *     concern here; throws {@link InvalidEventException} for one that cannot be understood
     */
    static void fold(
            List<ConsumerRecord<String, InboundEvent>> records,
            Function<InboundEvent, Optional<Addressed>> translate,
            RelationshipManagement relationships) {
        BatchRecords.handle(
                records,
                event -> translate
                        .apply(event)
                        .map(addressed -> addressed.causedBy(event.traceparent()))
                        .orElse(null),
                relationships::fold);
    }
}
