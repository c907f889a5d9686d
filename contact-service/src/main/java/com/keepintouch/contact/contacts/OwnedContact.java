package com.keepintouch.contact.contacts;

/**
 * A stored contact's owner and version, whatever its state, and the erasure that wiped it.
 *
 * @param erasureId the erasure that wiped the contact; null while it holds its data (live or deleted)
 */
public record OwnedContact(String contactId, String ownerId, long version, String erasureId) {

    public boolean erased() {
        return erasureId != null;
    }
}
