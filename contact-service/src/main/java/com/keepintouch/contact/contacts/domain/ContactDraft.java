package com.keepintouch.contact.contacts.domain;

import java.time.Instant;
import java.util.List;

/** The fields of a contact a recruiter writes, before they are checked. */
public record ContactDraft(
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
        String timezone) {

    public ContactDraft {
        emails = emails == null ? List.of() : emails;
        tags = tags == null ? List.of() : tags;
    }
}
