package com.keepintouch.interaction.contacts;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Finds the contact an interaction is about: from the projection of contacts.v1, else by asking
 * contact-service ({@link ContactServiceClient}), remembering what it answered. Contacts already
 * known keep working while contact-service is down; for one never seen the client's 503 passes.
 */
@Component
public class ContactDirectory {

    private final KnownContacts known;
    private final ContactServiceClient contactService;
    private final ApplicationEventPublisher events;

    ContactDirectory(KnownContacts known, ContactServiceClient contactService, ApplicationEventPublisher events) {
        this.known = known;
        this.contactService = contactService;
        this.events = events;
    }

    /** The live contact with this id, if the caller's token may see it; empty means it is not there. */
    public Optional<KnownContact> find(String contactId, String bearerToken) {
        Optional<KnownContact> projected = known.find(contactId);
        if (projected.isPresent()) {
            return projected.filter(c -> !c.deleted());
        }
        Optional<KnownContact> found = contactService.find(contactId, bearerToken);
        found.ifPresent(this::remember);
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

    /**
     * Stores {@code contact} in the projection unless a version at least as new is there, and
     * announces a live one with addresses ({@link ContactAddressesStored}) when it was stored, or
     * when exactly this version is stored already: a redelivery, whose first delivery may have
     * stored it and then failed in a listener. An older version is never announced.
     */
    void remember(KnownContact contact) {
        boolean stored = known.upsertIfNewer(contact);
        if (contact.deleted() || contact.emails().isEmpty()) {
            return;
        }
        if (stored
                || known.find(contact.contactId())
                        .filter(c -> c.version() == contact.version())
                        .isPresent()) {
            events.publishEvent(new ContactAddressesStored(contact));
        }
    }
}
