package com.keepintouch.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-0123456789";
    private static final Instant ISSUED = Instant.parse("2026-03-01T09:00:00.750Z");
    private static final Instant EXPIRES = Instant.parse("2026-03-01T21:00:00Z");

    @Test
    void aTokenVerifiesWithTheSecretAndCarriesSubjectScopesAndTimes() throws Exception {
        SignedJWT token = SignedJWT.parse(BearerTokens.sign(SECRET, "alice", "recruiter ops", ISSUED, EXPIRES));

        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(token.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("recruiter ops");
        assertThat(token.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(Instant.parse("2026-03-01T09:00:00Z")));
        assertThat(token.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(EXPIRES));
    }

    @Test
    void aTokenSignedWithAnotherSecretDoesNotVerify() throws Exception {
        SignedJWT token = SignedJWT.parse(BearerTokens.sign(SECRET, "alice", "recruiter", ISSUED, EXPIRES));

        assertThat(token.verify(new MACVerifier((SECRET + "-but-not-quite").getBytes(StandardCharsets.UTF_8))))
                .isFalse();
    }

    @Test
    void quotesInTheClaimsStayInsideTheirStrings() throws Exception {
        SignedJWT token = SignedJWT.parse(BearerTokens.sign(SECRET, "al\"ice", "recruiter", ISSUED, EXPIRES));

        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("al\"ice");
        assertThat(token.getJWTClaimsSet().getClaims()).containsOnlyKeys("sub", "scope", "iat", "exp");
    }

    @Test
    void refusesASecretTooShortForHs256() {
        assertThatThrownBy(() ->
                        BearerTokens.sign("0123456789012345678901234567890", "alice", "recruiter", ISSUED, EXPIRES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KIT_SECURITY_JWTSECRET must be at least 32 bytes for HS256; this one has 31");
    }
}
