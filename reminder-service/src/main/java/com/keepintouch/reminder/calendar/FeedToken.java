package com.keepintouch.reminder.calendar;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret part of a calendar feed's address: 32 random bytes in URL-safe base64 without padding
 * (43 characters). Looked up by its SHA-256 only; never logged ({@link #toString} hides it).
 */
final class FeedToken {

    private static final int BYTES = 32;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private FeedToken(String value) {
        this.value = value;
    }

    static FeedToken random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new FeedToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token {@code text} is, if it has a token's form. */
    static Optional<FeedToken> of(String text) {
        return text != null && FORM.matcher(text).matches() ? Optional.of(new FeedToken(text)) : Optional.empty();
    }

    String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeedToken token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "FeedToken[hidden]";
    }
}
