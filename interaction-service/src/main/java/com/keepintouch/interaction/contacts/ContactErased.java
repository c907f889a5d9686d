package com.keepintouch.interaction.contacts;

import java.time.Instant;

/**
 * A contact was erased: contact.erased arrived on contacts.v1, or an event of the contact that
 * could not be opened any more (its key is gone). Published synchronously to what erases what this
 * service holds about the person: a listener that fails fails the event, which is retried.
 *
 * @param erasureId the erasure contact-service tracks, to confirm; null when the contact was found
 *     erased by another event, which erases but confirms nothing
 * @param version the sequence of the event, the contact's version
 */
public record ContactErased(String contactId, String ownerId, String erasureId, Instant erasedAt, long version) {}
