package com.keepintouch.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Handles one polled batch at once, and tells the platform's error handler exactly which record
 * failed: the records before it are done and committed, the failed one is retried (the database
 * is unreachable: until it is back) or dead-lettered (it cannot be understood), the rest are read
 * again. One database read and write per batch instead of per record is what lets a consumer
 * keep up with thousands of events a second.
 */
public final class BatchRecords {

    private static final LogAccessor LOG = new LogAccessor(BatchRecords.class);

    private BatchRecords() {}

    /**
     * @param translate what an event means to the consumer, null for an event of no concern; throws
     *     {@link InvalidEventException} for one that cannot be understood
     * @param handle handles what a run of records meant, all at once
     */
    public static <T> void handle(
            List<ConsumerRecord<String, InboundEvent>> records,
            Function<InboundEvent, T> translate,
            Consumer<List<T>> handle) {
        List<T> items = new ArrayList<>(records.size());
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
                    T item = translate.apply(record.value());
                    if (item != null) {
                        items.add(item);
                        indexes.add(i);
                    }
                } catch (InvalidEventException e) {
                    invalid = e;
                }
            }
            if (invalid != null) {
                handleAll(items, indexes, handle);
                throw new BatchListenerFailedException(invalid.getMessage(), invalid, i);
            }
        }
        handleAll(items, indexes, handle);
    }

    private static <T> void handleAll(List<T> items, List<Integer> indexes, Consumer<List<T>> handle) {
        if (items.isEmpty()) {
            return;
        }
        try {
            handle.accept(items);
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw new BatchListenerFailedException("the database is unreachable", e, indexes.get(0));
            }
            // Find the one that fails, so that only it is retried and dead-lettered.
            for (int i = 0; i < items.size(); i++) {
                try {
                    handle.accept(List.of(items.get(i)));
                } catch (RuntimeException single) {
                    throw new BatchListenerFailedException(single.getMessage(), single, indexes.get(i));
                }
            }
        }
    }
}
