package com.keepintouch.notifier.inbound;

import com.keepintouch.notifier.personaldata.ContactErasure;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.kafka.InboundEventDeserializer;
import com.keepintouch.platform.kafka.InvalidEventException;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.platform.personal.PersonalData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * contacts.v1 in, for one type: {@code contact.erased}, which erases what this service holds about
 * the contact ({@link ContactErasure}). Every other contact event is of no concern here, and the
 * topic carries one per change of every contact: records are read as strings and only those that
 * name the type are read as events (and checked against its schema).
 */
@Component
class ContactEventsHandler {

    private final InboundEventDeserializer events = new InboundEventDeserializer();
    private final PersonalData personalData;
    private final ContactErasure erasure;

    ContactEventsHandler(PersonalData personalData, ContactErasure erasure) {
        this.personalData = personalData;
        this.erasure = erasure;
    }

    @KafkaListener(
            id = "notifier-contacts",
            topics = "contacts.v1",
            groupId = "${kit.webhooks.consumer-group}",
            batch = "true",
            properties = {"value.deserializer=org.apache.kafka.common.serialization.StringDeserializer"})
    void on(List<ConsumerRecord<String, String>> records) {
        List<Indexed> erasures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            if (record.value() == null || !record.value().contains(ContactErased.TYPE)) {
                continue;
            }
            try {
                InboundEvent event = personalData.open(events.deserialize(
                        record.topic(), record.headers(), record.value().getBytes(StandardCharsets.UTF_8)));
                Optional<ContactErased> erased = ContactErased.of(event);
                if (erased.isPresent()) {
                    erasures.add(new Indexed(i, erased.get()));
                }
            } catch (InvalidEventException e) {
                erase(erasures);
                throw new BatchListenerFailedException(e.getMessage(), e, i);
            }
        }
        erase(erasures);
    }

    /** An erasure and the index of its record in the batch. */
    private record Indexed(int index, ContactErased erased) {}

    /**
     * Erases in the order read; one that fails is reported by its record, so the records before it
     * are committed and it is retried (until the database is back) or dead-lettered.
     */
    private void erase(List<Indexed> erasures) {
        for (Indexed each : erasures) {
            try {
                erasure.erase(each.erased());
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("erasure failed: " + e.getMessage(), e, each.index());
            }
        }
        erasures.clear();
    }
}
