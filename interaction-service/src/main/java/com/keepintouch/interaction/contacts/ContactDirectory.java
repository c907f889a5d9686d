package com.keepintouch.interaction.contacts;

import com.keepintouch.platform.personal.PersonalData;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Finds the contact an interaction is about: from the projection of contacts.v1, else by asking
 * contact-service ({@link ContactServiceClient}), remembering what it answered. Contacts already
 * known keep working while contact-service is down; for one never seen the client's 503 passes.
 */
@Component
public class ContactDirectory {

    private static final Logger log = LoggerFactory.getLogger(ContactDirectory.class);

    private final KnownContacts known;
    private final ContactServiceClient contactService;
    private final ApplicationEventPublisher events;
    private final PersonalData personalData;

    ContactDirectory(
            KnownContacts known,
            ContactServiceClient contactService,
            ApplicationEventPublisher events,
            PersonalData personalData) {
        this.known = known;
        this.contactService = contactService;
        this.events = events;
        this.personalData = personalData;
    }

    /** The live contact with this id, if the caller's token may see it; empty means it is not there. */
    public Optional<KnownContact> find(String contactId, String bearerToken) {
        Optional<KnownContact> projected = known.find(contactId);
        if (projected.isPresent()) {
            return projected.filter(c -> !c.deleted());
        }
        if (personalData.erased(contactId)) {
            // erased before its contact.erased got here: never looked up, never stored live
            return Optional.empty();
        }
        Optional<KnownContact> found = contactService.find(contactId, bearerToken);
        found.filter(this::store).ifPresent(contact -> {
            // The request that looked the contact up is not about its kept mail: a failure there
            // must not fail it. The contacts.v1 consumer announces the same version again.
            try {
                events.publishEvent(new ContactAddressesStored(contact));
            } catch (RuntimeException e) {
                log.warn(
                        "Kept mail not captured for a contact looked up; its contacts.v1 event will retry contactId={} error=\"{}\"",
                        contact.contactId(),
                        e.getMessage());
            }
        });
        return found.filter(c -> !c.deleted());
    }

    /**
     * The live contacts of {@code ownerId} with any of {@code addresses} (compared lowercased), from
     * the projection alone: another owner's contact with the same address is never among them.
     */
    public List<KnownContact> findByEmails(String ownerId, Collection<String> addresses) {
        List<String> wanted = KnownContact.lowercased(addresses);
        if (ownerId == null || wanted.isEmpty()) {
            return List.of();
        }
        return known.findByEmails(ownerId, wanted);
    }

    /** The contact as the projection keeps it (a tombstone of a deleted or erased one too), without asking contact-service. */
    public Optional<KnownContact> projected(String contactId) {
        return known.find(contactId);
    }

    /** Whether the contact was erased, as the projection knows: such a contact is a 404 everywhere. */
    public boolean erased(String contactId) {
        return known.isErased(contactId);
    }

    /**
     * Makes the contact an erased tombstone for good (no addresses; no event or lookup brings it
     * back); the hashes of the addresses it had stay until {@link #erasureFinished}.
     */
    public ErasedContact erase(String contactId, String ownerId, long version, Instant erasedAt) {
        return known.erase(contactId, ownerId, version, erasedAt);
    }

    /** The erasure of the contact removed all it had to: the hashes of its addresses are forgotten too. */
    public void erasureFinished(String contactId) {
        known.erasureFinished(contactId);
    }

    /**
     * Stores {@code contact} in the projection unless a version at least as new is there, and
     * announces a live one with addresses ({@link ContactAddressesStored}) when it was stored, or
     * when exactly this version is stored already: a redelivery, whose first delivery may have
     * stored it and then failed in a listener. An older version is never announced.
     */
    void remember(KnownContact contact) {
        if (store(contact)) {
            events.publishEvent(new ContactAddressesStored(contact));
        }
    }

    /** Stores {@code contact}; whether it is to be announced as {@link #remember} says. */
    private boolean store(KnownContact contact) {
        boolean stored = known.upsertIfNewer(contact);
        if (contact.deleted() || contact.emails().isEmpty()) {
            return false;
        }
        return stored
                || known.find(contact.contactId())
                        .filter(c -> c.version() == contact.version())
                        .isPresent();
    }
}
