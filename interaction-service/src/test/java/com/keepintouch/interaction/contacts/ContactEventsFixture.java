package com.keepintouch.interaction.contacts;

import com.keepintouch.events.EventSchemas;
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
        kafka.send("contacts.v1", contactId, event.toString()).join();
    }
}
