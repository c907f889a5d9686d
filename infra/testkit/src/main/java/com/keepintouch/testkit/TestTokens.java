package com.keepintouch.testkit;

import com.keepintouch.tokens.BearerTokens;
import java.time.Duration;
import java.time.Instant;

/** HS256 bearer tokens as the local stack accepts them, and the broken kinds it must refuse. */
public final class TestTokens {

    /** The secret the test contexts are configured with. */
    public static final String SECRET = "test-secret-of-the-keep-in-touch-suite-0123456789";

    private TestTokens() {}

    /** A valid token for {@code sub} with the given space-separated scopes, an hour long. */
    public static String token(String sub, String scopes) {
        return sign(SECRET, sub, scopes, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String expired(String sub, String scopes) {
        return sign(SECRET, sub, scopes, Instant.now().minus(Duration.ofMinutes(10)));
    }

    public static String wrongSignature(String sub, String scopes) {
        return sign(SECRET + "-but-not-quite", sub, scopes, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token issued now, or a minute before {@code expiresAt} if that is earlier (an expired one was valid once). */
    public static String sign(String secret, String sub, String scopes, Instant expiresAt) {
        Instant now = Instant.now();
        Instant lastMinute = expiresAt.minus(Duration.ofMinutes(1));
        return BearerTokens.sign(secret, sub, scopes, now.isBefore(lastMinute) ? now : lastMinute, expiresAt);
    }
}
