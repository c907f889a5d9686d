package com.keepintouch.interaction.contacts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A contact as far as recording interactions needs to know it.
 *
 * @param emails the contact's addresses, lowercased, so captured mail finds its contact; empty when
 *     it has none (or is deleted)
 */
public record KnownContact(String contactId, String ownerId, boolean deleted, long version, List<String> emails) {

    public KnownContact {
        emails = lowercased(emails);
    }

    /** Addresses as the projection keeps and looks them up: stripped, lowercased, each once. */
    public static List<String> lowercased(Iterable<String> addresses) {
        if (addresses == null) {
            return List.of();
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String address : addresses) {
            if (address != null && !address.isBlank()) {
                kept.add(address.strip().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(new ArrayList<>(kept));
    }

    /**
     * The SHA-256 (hex) of an address, stripped and lowercased: how what is kept about mail that
     * named no contact names its addresses, and how an erasure finds it without keeping them.
     */
    public static String addressHash(String address) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
