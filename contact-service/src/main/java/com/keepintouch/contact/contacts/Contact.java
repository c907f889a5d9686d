package com.keepintouch.contact.contacts;

import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import com.keepintouch.platform.paging.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** A stored contact: its fields, owner, version (the {@code sequence} of its events) and timestamps. */
record Contact(
        String id,
        String ownerId,
        ContactDraft fields,
        long version,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted) {

    String etag() {
        return "\"" + version + "\"";
    }

    /** Where a page that ends with this contact resumes: lists are in id (creation) order. */
    Position position() {
        return Position.of(id);
    }

    Document toDocument() {
        ContactDraft f = fields;
        return new Document("_id", id)
                .append("ownerId", ownerId)
                .append("name", f.name())
                .append("emails", f.emails())
                .append("phone", f.phone())
                .append("company", f.company())
                .append("title", f.title())
                .append("tags", f.tags())
                .append("tier", f.tier().name())
                .append("cadenceDays", f.cadenceDays())
                .append("metAt", date(f.metAt()))
                .append("howWeMet", f.howWeMet())
                .append("notes", f.notes())
                .append("status", f.status().name())
                .append("timezone", f.timezone())
                .append("version", version)
                .append("createdAt", date(createdAt))
                .append("updatedAt", date(updatedAt))
                .append("deleted", deleted);
    }

    static Contact fromDocument(Document d) {
        return new Contact(
                d.getString("_id"),
                d.getString("ownerId"),
                new ContactDraft(
                        d.getString("name"),
                        new ArrayList<>(d.getList("emails", String.class, List.of())),
                        d.getString("phone"),
                        d.getString("company"),
                        d.getString("title"),
                        new ArrayList<>(d.getList("tags", String.class, List.of())),
                        Tier.valueOf(d.getString("tier")),
                        d.getInteger("cadenceDays"),
                        instant(d.getDate("metAt")),
                        d.getString("howWeMet"),
                        d.getString("notes"),
                        ContactStatus.valueOf(d.getString("status")),
                        d.getString("timezone")),
                ((Number) d.get("version")).longValue(),
                instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")),
                Boolean.TRUE.equals(d.getBoolean("deleted")));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
