package com.keepintouch.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are checked.
 *
 * @param jwtSecret HS256 secret of locally signed tokens ({@code JWT_SECRET}), at least 32 bytes
 * @param issuerUri OpenID issuer whose keys sign production tokens ({@code JWT_ISSUER_URI}); when set, it wins
 */
@ConfigurationProperties("kit.security")
public record SecurityProperties(String jwtSecret, String issuerUri) {

    static final int MIN_SECRET_BYTES = 32;

    boolean usesIssuer() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
