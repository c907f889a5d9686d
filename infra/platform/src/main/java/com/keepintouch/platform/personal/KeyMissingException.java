package com.keepintouch.platform.personal;

/**
 * A sealed event names a contact the keyring has no document for. An erasure always leaves one
 * ({@code {_id, erasedAt}}), so this means the keyring was lost, not restored, or this service reads
 * another one ({@code kit.personal-data.keyring-database}): the event is held and retried until the
 * keyring is back, rather than read as an erasure that never happened.
 */
public final class KeyMissingException extends RuntimeException {

    public KeyMissingException(String contactId, String eventType, String eventId) {
        super("no key for contact " + contactId + " in the keyring, needed to open " + eventType + " " + eventId
                + ": the keyring was lost or this service reads another one (kit.personal-data.keyring-database)");
    }
}
