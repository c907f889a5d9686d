package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InvalidEventException;
import com.keepintouch.platform.kafka.TransientFailures;
import com.keepintouch.reminder.relationship.RelationshipManagement.Addressed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Folds one polled batch, and tells the platform's error handler exactly which record failed: the
 * records before it are folded and committed, the failed one is retried or dead-lettered, the rest
 * are read again. Folding in batches is what makes 5,000 events a second possible: one read and
 * one write of the database per batch, not per event.
 */
final class InboundBatch {

    private static final LogAccessor LOG = new LogAccessor(InboundBatch.class);

    private InboundBatch() {}

    /**
     * @param translate maps one event to the relationship event it means, empty for an event of no
     *     concern here; throws {@link InvalidEventException} for one that cannot be understood
     */
    static void fold(
            List<ConsumerRecord<String, InboundEvent>> records,
            Function<InboundEvent, Optional<Addressed>> translate,
            RelationshipManagement relationships) {
        List<Addressed> events = new ArrayList<>(records.size());
        List<Integer> indexes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, InboundEvent> record = records.get(i);
            RuntimeException invalid = null;
            if (record.value() == null) {
                DeserializationException failure = SerializationUtils.getExceptionFromHeader(
                        record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
                invalid = failure != null ? failure : new InvalidEventException("a record without a value");
            } else {
                try {
                    Optional<Addressed> event = translate.apply(record.value());
                    if (event.isPresent()) {
                        events.add(event.get());
                        indexes.add(i);
                    }
                } catch (InvalidEventException e) {
                    invalid = e;
                }
            }
            if (invalid != null) {
                foldAll(events, indexes, relationships);
                throw new BatchListenerFailedException(invalid.getMessage(), invalid, i);
            }
        }
        foldAll(events, indexes, relationships);
    }

    private static void foldAll(List<Addressed> events, List<Integer> indexes, RelationshipManagement relationships) {
        if (events.isEmpty()) {
            return;
        }
        try {
            relationships.fold(events);
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw new BatchListenerFailedException("the database is unreachable", e, indexes.get(0));
            }
            // Find the one event that fails, so that only it is retried and dead-lettered.
            for (int i = 0; i < events.size(); i++) {
                try {
                    relationships.fold(List.of(events.get(i)));
                } catch (RuntimeException single) {
                    throw new BatchListenerFailedException(single.getMessage(), single, indexes.get(i));
                }
            }
        }
    }
}
