package com.keepintouch.contact.contacts;

import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import java.util.Optional;

/** Filters of a contact search; {@code ownerId} empty means every owner (ops and admin only). */
record ContactQuery(
        Optional<String> ownerId,
        Optional<String> text,
        Optional<String> tag,
        Optional<Tier> tier,
        Optional<ContactStatus> status) {}
