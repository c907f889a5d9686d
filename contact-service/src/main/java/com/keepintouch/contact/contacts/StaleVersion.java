package com.keepintouch.contact.contacts;

/**
 * A change was computed from a version of the contact that is no longer the stored one: the one
 * the caller named, or the one read before another request wrote. The web layer answers it as a
 * failed {@code If-Match} precondition (412), the HTTP form of this refusal.
 */
final class StaleVersion extends RuntimeException {

    StaleVersion(String message) {
        super(message, null, false, false);
    }
}
