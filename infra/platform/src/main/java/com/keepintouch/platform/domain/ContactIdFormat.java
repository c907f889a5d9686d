package com.keepintouch.platform.domain;

import java.util.regex.Pattern;

/**
 * The form of every contact id contact-service makes ({@code c_} and 24 hex digits). A path that
 * names something else names no contact: 404, without a lookup.
 */
public final class ContactIdFormat {

    public static final Pattern PATTERN = Pattern.compile("c_[0-9a-f]{24}");

    private ContactIdFormat() {}

    /** @throws RequestRefused not found, when {@code id} cannot be a contact's */
    public static String require(String id) {
        if (id == null || !PATTERN.matcher(id).matches()) {
            throw RequestRefused.notFound("Contact", id == null ? "" : id);
        }
        return id;
    }
}
