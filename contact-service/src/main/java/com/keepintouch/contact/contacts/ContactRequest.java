package com.keepintouch.contact.contacts;

import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import java.time.Instant;
import java.util.List;

/**
 * The body of POST, and what a PATCH merge-patches. {@code ownerId} is honoured only for an
 * admin acting for an owner; from a recruiter it is ignored.
 */
record ContactRequest(
        String name,
        List<String> emails,
        String phone,
        String company,
        String title,
        List<String> tags,
        Tier tier,
        Integer cadenceDays,
        Instant metAt,
        String howWeMet,
        String notes,
        ContactStatus status,
        String timezone,
        String ownerId) {

    ContactDraft draft() {
        return new ContactDraft(
                name, emails, phone, company, title, tags, tier, cadenceDays, metAt, howWeMet, notes, status, timezone);
    }

    static ContactRequest of(ContactDraft d) {
        return new ContactRequest(
                d.name(),
                d.emails(),
                d.phone(),
                d.company(),
                d.title(),
                d.tags(),
                d.tier(),
                d.cadenceDays(),
                d.metAt(),
                d.howWeMet(),
                d.notes(),
                d.status(),
                d.timezone(),
                null);
    }
}
