package com.keepintouch.interaction.contacts;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.personal.PersonalData;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Publishes contacts.v1 events as contact-service does (from the schema's own examples). */
public final class ContactEventsFixture {

    private ContactEventsFixture() {}

    public static void publish(
            KafkaTemplate<String, String> kafka, String type, String contactId, String ownerId, long sequence) {
        publish(kafka, type, contactId, ownerId, sequence, null);
    }

    /** As {@link #publish(KafkaTemplate, String, String, String, long)}, with these addresses (null: the example's). */
    public static void publish(
            KafkaTemplate<String, String> kafka,
            String type,
            String contactId,
            String ownerId,
            long sequence,
            List<String> emails) {
        kafka.send(
                        "contacts.v1",
                        contactId,
                        event(type, contactId, ownerId, sequence, emails).toString())
                .join();
    }

    /**
     * As contact-service publishes it since events are sealed: its personal fields (these addresses
     * among them) encrypted under the contact's key, as the platform's outbox seals them.
     */
    public static void publishSealed(
            KafkaTemplate<String, String> kafka,
            PersonalData personalData,
            String type,
            String contactId,
            String ownerId,
            long sequence,
            List<String> emails) {
        ObjectNode event = event(type, contactId, ownerId, sequence, emails);
        event.set("data", personalData.seal(type, contactId, event.get("data")));
        kafka.send("contacts.v1", contactId, event.toString()).join();
    }

    /** contact.erased of an erasure, as contact-service publishes it once the contact is wiped. */
    public static void publishErased(
            KafkaTemplate<String, String> kafka, String contactId, String ownerId, long sequence, String erasureId) {
        ObjectNode event = event("contact.erased", contactId, ownerId, sequence, null);
        ((ObjectNode) event.get("data"))
                .put("erasureId", erasureId)
                .put("erasedAt", Instant.now().toString());
        kafka.send("contacts.v1", contactId, event.toString()).join();
    }

    private static ObjectNode event(String type, String contactId, String ownerId, long sequence, List<String> emails) {
        ObjectNode event =
                (ObjectNode) EventSchemas.load().examples(type).get(0).deepCopy();
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", contactId);
        event.put("ownerId", ownerId);
        event.put("sequence", sequence);
        ObjectNode data =
                ((ObjectNode) event.get("data")).put("contactId", contactId).put("ownerId", ownerId);
        if (emails != null) {
            ArrayNode addresses = data.putArray("emails");
            emails.forEach(addresses::add);
        }
        return event;
    }
}
