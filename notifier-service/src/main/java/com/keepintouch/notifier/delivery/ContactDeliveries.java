package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.webhook.EndpointCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the deliveries hold about one contact, for its erasure and its export: the webhooks and
 * emails about it (deliveries keep the contact's id) and the digests that list it.
 */
@Component
public class ContactDeliveries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deliveries deliveries;
    private final Messages messages;
    private final EndpointCache endpoints;

    ContactDeliveries(Deliveries deliveries, Messages messages, EndpointCache endpoints) {
        this.deliveries = deliveries;
        this.messages = messages;
        this.endpoints = endpoints;
    }

    /**
     * What an erasure removed: pending deliveries cancelled, webhook payloads, email bodies and digest
     * bodies removed. Counts only; a repeated erasure finds nothing left and counts 0.
     */
    public record Erased(long cancelled, long webhookPayloads, long emailBodies, long digestBodies) {}

    /**
     * Cancels what is pending about the contact first (so nothing more is sent), then removes every
     * stored body about it. The deliveries stay, without their bodies, for the counts of the dashboard.
     */
    public Erased erase(String contactId, Instant now) {
        long cancelled = deliveries.cancelPendingAbout(contactId, now);
        long payloads = messages.removeBodiesAbout(contactId, now);
        long emails = deliveries.removeEmailBodiesAbout(contactId, now);
        long digests = deliveries.removeDigestBodiesMentioning(contactId, now);
        return new Erased(cancelled, payloads, emails, digests);
    }

    /** A delivery about the contact as its export shows it; {@code body} is null once removed. */
    public record Exported(
            String deliveryId,
            Delivery.Channel channel,
            String eventType,
            Delivery.Status status,
            int attempts,
            Instant createdAt,
            Instant deliveredAt,
            String destination,
            Object body) {}

    /** The contact's owner as its messages tell it (the events' owner), if any message is stored. */
    public Optional<String> ownerOf(String contactId) {
        return messages.about(contactId).values().stream()
                .map(Message::ownerId)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * Every delivery about the contact, newest first, with what it sent: a webhook's payload (the
     * JSON as sent), an email's subject and text. A digest that lists the contact is listed without
     * its body, which names other contacts too.
     */
    public List<Exported> export(String contactId) {
        Map<String, Message> sent = messages.about(contactId);
        List<Exported> exported = new ArrayList<>();
        for (Delivery delivery : deliveries.about(contactId)) {
            Object body = null;
            String destination;
            if (delivery.destination() instanceof EmailDestination email) {
                destination = email.to();
                if (contactId.equals(delivery.contactId()) && email.subject() != null) {
                    body = new EmailBody(email.subject(), email.text());
                }
            } else {
                String endpointId = delivery.endpointId().orElseThrow();
                destination = endpoints
                        .target(endpointId)
                        .map(t -> t.endpoint().url().toString())
                        .orElse(endpointId);
                Message message = sent.get(delivery.messageId().orElseThrow());
                if (message != null && message.body() != null) {
                    body = JSON.readTree(message.body()); // as sent, as JSON rather than a string of it
                }
            }
            exported.add(new Exported(
                    delivery.id(),
                    delivery.channel(),
                    delivery.eventType(),
                    delivery.status(),
                    delivery.attempts(),
                    delivery.createdAt(),
                    delivery.deliveredAt(),
                    destination,
                    body));
        }
        return exported;
    }

    /** An email as its export shows it. */
    public record EmailBody(String subject, String text) {}
}
