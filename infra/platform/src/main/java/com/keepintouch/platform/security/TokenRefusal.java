package com.keepintouch.platform.security;

import com.nimbusds.jose.proc.BadJOSEException;
import java.text.ParseException;
import java.util.Locale;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a bearer token was refused, in words of ours: the security library's own messages name its
 * types ("Jwt", "Signed JWT rejected") and its internals, which a caller cannot act on.
 */
final class TokenRefusal {

    static final String EXPIRED = "it has expired; ask for a new one.";
    static final String NOT_YET_VALID = "it is not valid yet (its nbf or iat is in the future).";
    static final String NOT_OURS = "it is not signed by the key this service trusts.";
    static final String MALFORMED = "it is not a well-formed JWT (three base64url parts separated by dots).";
    static final String NOT_FOR_US = "it was not issued for this service (its issuer or audience is another's).";
    static final String OTHER = "it is not a token this service accepts.";

    private TokenRefusal() {}

    /** The reason for a refusal whose cause chain holds the library's exception. */
    static String of(Throwable refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid) {
                return ofClaims(invalid);
            }
            if (cause instanceof ParseException) {
                return MALFORMED;
            }
            if (cause instanceof BadJOSEException) {
                return NOT_OURS;
            }
        }
        String message = String.valueOf(refusal.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("malformed")) {
            return MALFORMED;
        }
        if (message.contains("unsupported algorithm")) {
            return NOT_OURS; // unsigned ("alg": "none")
        }
        return OTHER;
    }

    private static String ofClaims(JwtValidationException invalid) {
        for (OAuth2Error error : invalid.getErrors()) {
            String description = String.valueOf(error.getDescription()).toLowerCase(Locale.ROOT);
            if (description.contains("expired")) {
                return EXPIRED;
            }
            if (description.contains("used before") || description.contains("nbf")) {
                return NOT_YET_VALID;
            }
            if (description.contains("the iss claim") || description.contains("the aud claim")) {
                return NOT_FOR_US;
            }
        }
        return OTHER;
    }
}
