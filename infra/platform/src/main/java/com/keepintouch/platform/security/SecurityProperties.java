package com.keepintouch.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are checked.
 *
 * @param jwtSecret HS256 secret of locally signed tokens ({@code KIT_SECURITY_JWTSECRET}, alias {@code JWT_SECRET}), at least 32 bytes
 * @param issuerUri OpenID issuer whose keys sign production tokens ({@code KIT_SECURITY_ISSUERURI}, alias {@code JWT_ISSUER_URI}); when set, it wins
 * @param pages paths served without a token: static pages that carry no data and read it from
 *     {@code /api} with the token the person gives them (the operations dashboard), and paths whose
 *     secret address is their credential (the calendar feeds)
 */
@ConfigurationProperties("kit.security")
public record SecurityProperties(
        String jwtSecret, String issuerUri, @DefaultValue List<String> pages) {

    static final int MIN_SECRET_BYTES = 32;

    boolean usesIssuer() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
