package com.keepintouch.contact.contacts;

import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.platform.paging.Position;
import java.time.Instant;

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
}
