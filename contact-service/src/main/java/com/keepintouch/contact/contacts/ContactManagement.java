package com.keepintouch.contact.contacts;

import com.keepintouch.contact.contacts.EmailClaims.Conflict;
import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.contact.contacts.domain.ContactIds;
import com.keepintouch.contact.contacts.domain.ContactRules;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Creates, reads, changes and deletes contacts for their owners: checks the rules, keeps each
 * email address unique per owner, versions every change and stages its event in the same write.
 */
@Service
public class ContactManagement {

    private static final Logger log = LoggerFactory.getLogger(ContactManagement.class);
    private static final int MAX_ATTEMPTS = 3;

    private final Contacts contacts;
    private final EmailClaims emails;
    private final ContactEvents events;
    private final Clock clock;

    ContactManagement(Contacts contacts, EmailClaims emails, ContactEvents events, Clock clock) {
        this.contacts = contacts;
        this.emails = emails;
        this.events = events;
        this.clock = clock;
    }

    Contact create(String ownerId, ContactDraft draft) {
        ContactDraft fields = valid(draft);
        Instant now = clock.instant();
        Contact contact = new Contact(ContactIds.next(clock), ownerId, fields, 1, now, now, false);
        emails.claim(ownerId, fields.emails(), contact.id()).ifPresent(ContactManagement::conflict);
        boolean stored;
        try {
            stored = contacts.insert(contact, events.created(contact));
        } catch (RuntimeException e) {
            emails.release(ownerId, fields.emails(), contact.id());
            throw e;
        }
        if (!stored) {
            // A create of one of these addresses (another request or instance) fenced this one.
            emails.release(ownerId, fields.emails(), contact.id());
            conflict(takenAddress(ownerId, fields.emails(), contact.id()));
        }
        log.info("Contact created contactId={} ownerId={}", contact.id(), ownerId);
        return contact;
    }

    /**
     * Creates many contacts of one owner at once (the import): each draft is checked, addresses
     * already held (in the store or earlier in the batch) make that draft a duplicate.
     */
    public BatchResult createAll(String ownerId, List<ContactDraft> drafts) {
        Instant now = clock.instant();
        List<Contact> candidates = new ArrayList<>();
        List<EmailClaims.Claim> wanted = new ArrayList<>();
        List<Integer> claimOwner = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Contact contact = new Contact(ContactIds.next(clock), ownerId, drafts.get(i), 1, now, now, false);
            candidates.add(contact);
            for (String email : contact.fields().emails()) {
                wanted.add(new EmailClaims.Claim(email, contact.id()));
                claimOwner.add(i);
            }
        }
        Set<Integer> duplicateClaims = emails.claimAll(ownerId, wanted);
        Map<Integer, String> duplicates = new TreeMap<>();
        for (int claim : duplicateClaims) {
            duplicates.putIfAbsent(claimOwner.get(claim), wanted.get(claim).email());
        }
        List<Contact> created = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Contact contact = candidates.get(i);
            if (duplicates.containsKey(i)) {
                List<String> mine = new ArrayList<>(contact.fields().emails());
                mine.remove(duplicates.get(i));
                emails.release(ownerId, mine, contact.id());
            } else {
                created.add(contact);
            }
        }
        List<Contact> stored = new ArrayList<>(created);
        for (int index : contacts.insertAll(
                created, created.stream().map(events::created).toList())) {
            // A create of one of its addresses (another request or instance) fenced this one.
            Contact lost = created.get(index);
            stored.remove(lost);
            emails.release(ownerId, lost.fields().emails(), lost.id());
            duplicates.put(
                    candidates.indexOf(lost),
                    takenAddress(ownerId, lost.fields().emails(), lost.id()).email());
        }
        Map<Integer, Duplicate> byIndex = new TreeMap<>();
        duplicates.forEach((index, email) -> byIndex.put(
                index, new Duplicate(email, emails.holder(ownerId, email).orElse(null))));
        return new BatchResult(stored.stream().map(Contact::id).toList(), byIndex);
    }

    /** What a batch import did: the ids it created, and the duplicates by their index in the batch. */
    public record BatchResult(List<String> createdIds, Map<Integer, Duplicate> duplicates) {}

    /** A record whose address another contact already has. */
    public record Duplicate(String email, String existingContactId) {}

    /** A contact the caller may read: their own, or any for ops and admin; otherwise 404. */
    Contact get(Caller caller, String id) {
        return contacts.find(id)
                .filter(c -> caller.mayAccess(c.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Contact", id));
    }

    /** The contact as {@code GET /api/contacts/{id}} answers it, for the export; 404 as {@link #get}. */
    public ContactResponse read(Caller caller, String id) {
        return ContactResponse.of(get(caller, id));
    }

    /** Who owns a stored contact (live, deleted or erased); empty for an id no contact ever had. */
    public Optional<OwnedContact> owned(String id) {
        return contacts.owned(id);
    }

    /**
     * Wipes the contact's personal data and stages contact.erased in the same write: from then on it
     * is a 404 everywhere here, its addresses are free and it matches no import. Idempotent.
     *
     * @return whether this call wiped it (false: it was wiped already, or no contact has the id)
     */
    public boolean erase(String id, String erasureId, Instant erasedAt) {
        for (int attempt = 1; ; attempt++) {
            Optional<OwnedContact> stored = contacts.owned(id);
            if (stored.isEmpty() || stored.get().erased()) {
                return false;
            }
            OwnedContact current = stored.get();
            long version = current.version() + 1;
            if (contacts.wipe(
                    id,
                    current.version(),
                    erasureId,
                    erasedAt,
                    events.erased(id, current.ownerId(), version, erasureId, erasedAt))) {
                log.info(
                        "Contact erased contactId={} ownerId={} erasureId={} version={}",
                        id,
                        current.ownerId(),
                        erasureId,
                        version);
                return true;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("contact " + id + " kept changing while it was being erased");
            }
        }
    }

    /** Frees every address the contact holds, so another contact may take them; how many it held. */
    public int releaseEmails(String id) {
        return emails.releaseAll(id);
    }

    /** The {@link PageRequest#fetchSize()} contacts of a page, in creation order. */
    List<Contact> search(ContactQuery query, PageRequest page) {
        return contacts.search(query, page);
    }

    /**
     * Applies {@code change} to the current fields and stores the result as a new version.
     *
     * @param expectedVersion from {@code If-Match}: the change is refused ({@link StaleVersion}) if the
     *     contact moved on
     */
    Contact update(Caller caller, String id, Optional<Long> expectedVersion, UnaryOperator<ContactDraft> change) {
        for (int attempt = 1; ; attempt++) {
            Contact current = writable(caller, id);
            if (expectedVersion.isPresent() && expectedVersion.get() != current.version()) {
                throw new StaleVersion("If-Match names version " + expectedVersion.get()
                        + " but the contact is at version " + current.version());
            }
            ContactDraft fields = valid(change.apply(current.fields()));
            List<String> changed = changedFields(current.fields(), fields);
            if (changed.isEmpty()) {
                return current;
            }
            List<String> added = new ArrayList<>(fields.emails());
            added.removeAll(current.fields().emails());
            emails.claim(current.ownerId(), added, id).ifPresent(ContactManagement::conflict);

            Contact next = new Contact(
                    id, current.ownerId(), fields, current.version() + 1, current.createdAt(), clock.instant(), false);
            if (contacts.replace(next, current.version(), events.updated(next, changed))) {
                List<String> removed = new ArrayList<>(current.fields().emails());
                removed.removeAll(fields.emails());
                emails.release(current.ownerId(), removed, id);
                log.info("Contact updated contactId={} version={} changed={}", id, next.version(), changed);
                return next;
            }
            emails.release(current.ownerId(), added, id);
            if (expectedVersion.isPresent() || attempt == MAX_ATTEMPTS) {
                throw new StaleVersion("The contact was changed by another request; read it again");
            }
        }
    }

    /** Soft delete: the contact answers 404 from now on and contact.deleted tells the other services. */
    void delete(Caller caller, String id, Optional<Long> expectedVersion) {
        for (int attempt = 1; ; attempt++) {
            Contact current = writable(caller, id);
            if (expectedVersion.isPresent() && expectedVersion.get() != current.version()) {
                throw new StaleVersion("If-Match names version " + expectedVersion.get()
                        + " but the contact is at version " + current.version());
            }
            Contact deleted = new Contact(
                    id,
                    current.ownerId(),
                    current.fields(),
                    current.version() + 1,
                    current.createdAt(),
                    clock.instant(),
                    true);
            if (contacts.replace(deleted, current.version(), events.deleted(deleted))) {
                emails.release(current.ownerId(), current.fields().emails(), id);
                log.info("Contact deleted contactId={} ownerId={}", id, current.ownerId());
                return;
            }
            if (expectedVersion.isPresent() || attempt == MAX_ATTEMPTS) {
                throw new StaleVersion("The contact was changed by another request; read it again");
            }
        }
    }

    /** The caller's own contact (any, for an admin); one they may only read is 403, one they may not see 404. */
    private Contact writable(Caller caller, String id) {
        Contact contact = contacts.find(id)
                .filter(c -> caller.mayAccess(c.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Contact", id));
        if (!caller.mayAccess(contact.ownerId())) {
            throw RequestRefused.forbidden("You may read contact " + id + " but not change it: it is another owner's");
        }
        return contact;
    }

    private ContactDraft valid(ContactDraft draft) {
        ContactDraft fields = ContactRules.normalize(draft);
        List<Violation> violations = ContactRules.check(fields, clock.instant());
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return fields;
    }

    static RequestRefused invalid(List<Violation> violations) {
        return RequestRefused.invalid(violations);
    }

    /** The first of {@code addresses} that a contact other than {@code lost} holds now. */
    private Conflict takenAddress(String ownerId, List<String> addresses, String lost) {
        for (String email : addresses) {
            Optional<String> holder = emails.holder(ownerId, email);
            if (holder.isPresent() && !holder.get().equals(lost)) {
                return new Conflict(email, holder.get());
            }
        }
        return new Conflict(addresses.get(0), null);
    }

    private static void conflict(Conflict conflict) {
        if (conflict.contactId() == null) {
            throw RequestRefused.conflict(
                    "A contact with the email " + conflict.email()
                            + " was being created at the same moment; read your contacts and try again",
                    Map.of("email", conflict.email()));
        }
        throw RequestRefused.conflict(
                "A contact with the email " + conflict.email() + " already exists: " + conflict.contactId(),
                Map.of("existingContactId", conflict.contactId(), "email", conflict.email()));
    }

    static List<String> changedFields(ContactDraft before, ContactDraft after) {
        List<String> changed = new ArrayList<>();
        for (var component : ContactDraft.class.getRecordComponents()) {
            try {
                if (!Objects.equals(
                        component.getAccessor().invoke(before),
                        component.getAccessor().invoke(after))) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }
}
