package com.keepintouch.notifier.personaldata;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.contact.ErasedContacts.Tombstone;
import com.keepintouch.notifier.delivery.ContactDeliveries;
import com.keepintouch.notifier.email.RelationshipStates;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.platform.personal.ErasureConfirmations;
import com.keepintouch.platform.personal.PersonalData;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Erases what notifier-service holds about a contact, on its {@code contact.erased}: marks it erased
 * (404 from then on, and no event of it notifies anyone again), cancels what was still to be sent
 * about it, removes every stored webhook payload and email body about it and the digests' bodies
 * that list it, forgets its relationship's state, then confirms with the counts. Each step is
 * idempotent, so an erasure read again (a crash half-way) does it all again and confirms again. The
 * deliveries stay without their bodies, so the dashboard's counts stay right.
 */
@Service
public class ContactErasure {

    private static final Logger log = LoggerFactory.getLogger(ContactErasure.class);

    private final ErasedContacts erased;
    private final ContactDeliveries deliveries;
    private final RelationshipStates states;
    private final ErasureConfirmations confirmations;
    private final PersonalData personalData;
    private final Clock clock;

    ContactErasure(
            ErasedContacts erased,
            ContactDeliveries deliveries,
            RelationshipStates states,
            ErasureConfirmations confirmations,
            PersonalData personalData,
            Clock clock) {
        this.erased = erased;
        this.deliveries = deliveries;
        this.states = states;
        this.confirmations = confirmations;
        this.personalData = personalData;
        this.clock = clock;
    }

    /** Erases the contact and stages the confirmation; the counts it confirms. */
    public Map<String, Long> erase(ContactErased erasure) {
        personalData.forget(erasure.contactId());
        Instant now = clock.instant();
        // Marked first: from here on nothing about it is sent, by this instance or (within a refresh) any other.
        erased.record(new Tombstone(erasure.contactId(), erasure.ownerId(), erasure.erasedAt(), erasure.erasureId()));
        ContactDeliveries.Erased removed = deliveries.erase(erasure.contactId(), now);
        boolean state = states.forget(erasure.contactId());
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("cancelledDeliveries", removed.cancelled());
        counts.put("webhookPayloads", removed.webhookPayloads());
        counts.put("emailBodies", removed.emailBodies());
        counts.put("digestBodies", removed.digestBodies());
        counts.put("digestStates", state ? 1L : 0L);
        confirmations.confirm(
                erasure.erasureId(), erasure.contactId(), erasure.ownerId(), counts, erasure.traceparent());
        log.info(
                "Contact erased contactId={} erasureId={} cancelled={} webhookPayloads={} emailBodies={} digestBodies={} digestStates={}",
                erasure.contactId(),
                erasure.erasureId(),
                removed.cancelled(),
                removed.webhookPayloads(),
                removed.emailBodies(),
                removed.digestBodies(),
                state ? 1 : 0);
        return counts;
    }
}
