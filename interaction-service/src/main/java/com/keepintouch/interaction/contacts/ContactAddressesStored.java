package com.keepintouch.interaction.contacts;

/**
 * A live contact with addresses was stored in the projection, new or changed (from contacts.v1 or a
 * contact-service lookup), or the same version was delivered again, so that what waits for its
 * addresses can find it: capture's mail that named no contact when it arrived. Published
 * synchronously: a listener that fails fails the store's caller, and contacts.v1's error handler
 * retries the event, which announces it again.
 */
public record ContactAddressesStored(KnownContact contact) {}
