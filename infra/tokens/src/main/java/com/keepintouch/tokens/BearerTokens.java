package com.keepintouch.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** HS256 bearer tokens signed with the services' JWT secret, with the claims their security reads. */
public final class BearerTokens {

    /** HS256 needs a key of 256 bits at least; the services refuse a shorter JWT_SECRET too. */
    public static final int MIN_SECRET_BYTES = 32;

    private BearerTokens() {}

    /**
     * A signed token for {@code subject} with {@code scopes} (space-separated) in its {@code scope}
     * claim, issued at {@code issuedAt} and expiring at {@code expiresAt} (both to the second).
     *
     * @throws IllegalArgumentException if {@code secret} is shorter than {@value #MIN_SECRET_BYTES} bytes in UTF-8
     */
    public static String sign(String secret, String subject, String scopes, Instant issuedAt, Instant expiresAt) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("KIT_SECURITY_JWTSECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256; this one has " + key.length);
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("scope", scopes)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            token.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return token.serialize();
    }
}
