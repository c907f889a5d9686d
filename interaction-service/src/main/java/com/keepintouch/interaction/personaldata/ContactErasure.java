package com.keepintouch.interaction.personaldata;

import com.keepintouch.interaction.capture.CapturePersonalData;
import com.keepintouch.interaction.capture.calendar.PlannedTouchPersonalData;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ErasedContact;
import com.keepintouch.interaction.interactions.InteractionPersonalData;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.platform.personal.ErasureConfirmations;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Erases what this service holds about a person once their contact is erased: the projection
 * becomes a tombstone for good (first, so nothing new attaches to it), the contact's interactions
 * and planned touches are anonymised, the mail kept for naming its addresses is removed, and only
 * then is the erasure confirmed on erasures.v1. Every step is idempotent: a redelivery (after a
 * crash anywhere in between) does it all again and confirms again.
 */
@Service
class ContactErasure {

    private static final Logger log = LoggerFactory.getLogger(ContactErasure.class);

    private final ContactDirectory contacts;
    private final InteractionPersonalData interactions;
    private final PlannedTouchPersonalData plannedTouches;
    private final CapturePersonalData capture;
    private final ErasureConfirmations confirmations;
    private final Clock clock;

    ContactErasure(
            ContactDirectory contacts,
            InteractionPersonalData interactions,
            PlannedTouchPersonalData plannedTouches,
            CapturePersonalData capture,
            ErasureConfirmations confirmations,
            Clock clock) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.plannedTouches = plannedTouches;
        this.capture = capture;
        this.confirmations = confirmations;
        this.clock = clock;
    }

    @EventListener
    void on(ContactErased erased) {
        ErasedContact tombstone =
                contacts.erase(erased.contactId(), erased.ownerId(), erased.sequence(), erased.erasedAt());
        if (erased.erasureId() == null
                && tombstone.wasErased()
                && tombstone.addressHashes().isEmpty()) {
            return; // a replayed event of a contact erased here already: nothing is left to erase
        }
        String ownerId = tombstone.ownerId();
        Map<String, Long> removed = new LinkedHashMap<>();
        removed.put("interactions", interactions.anonymise(ownerId, erased.contactId()));
        removed.put("plannedTouches", plannedTouches.anonymise(ownerId, erased.contactId()));
        removed.put("unmatchedMessages", capture.forgetMailNaming(ownerId, tombstone.addressHashes()));
        if (erased.erasureId() != null) {
            confirmations.confirm(erased.erasureId(), erased.contactId(), ownerId, removed);
        }
        contacts.erasureFinished(erased.contactId());
        log.info(
                "Contact erased contactId={} ownerId={} erasureId={} interactions={} plannedTouches={} unmatchedMessages={}",
                erased.contactId(),
                ownerId,
                erased.erasureId(),
                removed.get("interactions"),
                removed.get("plannedTouches"),
                removed.get("unmatchedMessages"));
    }
}
