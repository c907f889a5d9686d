package com.keepintouch.contact.contacts.domain;

import com.keepintouch.platform.domain.ContactIdFormat;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Contact ids that sort by creation time ({@code c_} + 12 hex digits of epoch milliseconds + 12
 * random hex digits), so paging by id stays correct while contacts are being added.
 */
public final class ContactIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** The form of every contact id. */
    public static final Pattern FORM = ContactIdFormat.PATTERN;

    private ContactIds() {}

    public static String next(Clock clock) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "c_" + String.format("%012x", clock.millis()) + HEX.formatHex(random);
    }
}
