package com.keepintouch.interaction.capture.smtp;

import com.keepintouch.platform.security.OwnerTokens;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret part of a capture address: 26 characters of lowercase base32 (130 random bits), safe
 * in a mail local part and a URL. Looked up by its SHA-256 only; never logged ({@link #toString}
 * hides it).
 */
final class CaptureToken {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    static final int LENGTH = 26;
    private static final Pattern FORM = Pattern.compile("[a-z2-7]{" + LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private CaptureToken(String value) {
        this.value = value;
    }

    static CaptureToken random() {
        StringBuilder token = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new CaptureToken(token.toString());
    }

    /** The token {@code text} is, if it has a token's form (lowercase base32 of the right length). */
    static Optional<CaptureToken> of(String text) {
        return text != null && FORM.matcher(text).matches() ? Optional.of(new CaptureToken(text)) : Optional.empty();
    }

    String value() {
        return value;
    }

    /** SHA-256 in hex: what the database holds to find a token's owner. */
    String hash() {
        return OwnerTokens.hash(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaptureToken token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "CaptureToken[hidden]";
    }
}
