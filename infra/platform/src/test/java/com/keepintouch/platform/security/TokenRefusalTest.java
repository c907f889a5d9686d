package com.keepintouch.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * The refusals an issuer's tokens meet in production only (the local HS256 decoder checks no issuer
 * or audience), as the validators describe them; ProblemAndSecurityIT has the others over HTTP.
 */
class TokenRefusalTest {

    static InvalidBearerTokenException refused(String description) {
        OAuth2Error error = new OAuth2Error("invalid_token", description, null);
        return new InvalidBearerTokenException(
                "An error occurred while attempting to decode the Jwt: " + description,
                new JwtValidationException(description, List.of(error)));
    }

    @Test
    void aTokenOfAnotherIssuerOrAudienceIsNotForThisService() {
        assertThat(TokenRefusal.of(refused("The iss claim is not valid"))).isEqualTo(TokenRefusal.NOT_FOR_US);
        assertThat(TokenRefusal.of(refused("The aud claim is not valid"))).isEqualTo(TokenRefusal.NOT_FOR_US);
    }

    @Test
    void aMissingClaimOrAnUnknownReasonIsNeverRepeatedInTheLibrarysWords() {
        assertThat(TokenRefusal.of(refused("The sub claim is missing"))).isEqualTo(TokenRefusal.OTHER);
        assertThat(TokenRefusal.of(new InvalidBearerTokenException("Jwt something new")))
                .isEqualTo(TokenRefusal.OTHER);
    }

    @Test
    void aTokenNotValidYetSaysSo() {
        assertThat(TokenRefusal.of(refused("Jwt used before 2026-12-02T06:00:00Z")))
                .isEqualTo(TokenRefusal.NOT_YET_VALID);
    }
}
