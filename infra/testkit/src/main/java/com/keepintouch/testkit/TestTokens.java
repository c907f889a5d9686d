package com.keepintouch.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    public static String sign(String secret, String sub, String scopes, Instant expiresAt) {
        Instant now = Instant.now();
        String header = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = base64(String.format(
                "{\"sub\":\"%s\",\"scope\":\"%s\",\"iat\":%d,\"exp\":%d}",
                sub,
                scopes,
                Math.min(now.getEpochSecond(), expiresAt.getEpochSecond() - 60),
                expiresAt.getEpochSecond()));
        String signingInput = header + "." + payload;
        return signingInput + "." + hmac(secret, signingInput);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
