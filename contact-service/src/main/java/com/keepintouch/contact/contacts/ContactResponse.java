package com.keepintouch.contact.contacts;

import java.time.Instant;
import java.util.List;

/** A contact as the API shows it (and the export repeats it). */
public record ContactResponse(
        String id,
        String ownerId,
        String name,
        List<String> emails,
        String phone,
        String company,
        String title,
        List<String> tags,
        String tier,
        Integer cadenceDays,
        Instant metAt,
        String howWeMet,
        String notes,
        String status,
        String timezone,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    static ContactResponse of(Contact c) {
        var f = c.fields();
        return new ContactResponse(
                c.id(),
                c.ownerId(),
                f.name(),
                f.emails(),
                f.phone(),
                f.company(),
                f.title(),
                f.tags(),
                f.tier().name(),
                f.cadenceDays(),
                f.metAt(),
                f.howWeMet(),
                f.notes(),
                f.status().name(),
                f.timezone(),
                c.version(),
                c.createdAt(),
                c.updatedAt());
    }
}
