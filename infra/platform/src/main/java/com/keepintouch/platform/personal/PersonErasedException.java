package com.keepintouch.platform.personal;

/**
 * The contact was erased at the person's request: nothing may be written or sealed for it any more.
 * The web layer answers it with 404, as for a contact that does not exist.
 */
public final class PersonErasedException extends RuntimeException {

    private final String contactId;

    public PersonErasedException(String contactId) {
        super("Contact " + contactId + " was erased.", null, false, false);
        this.contactId = contactId;
    }

    public String contactId() {
        return contactId;
    }
}
