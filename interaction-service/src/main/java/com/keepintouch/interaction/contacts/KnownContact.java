package com.keepintouch.interaction.contacts;

/** A contact as far as recording interactions needs to know it. */
public record KnownContact(String contactId, String ownerId, boolean deleted, long version) {}
