package com.keepintouch.interaction.capture.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;
import java.util.Optional;

/** The form {@code <prefix>+<token>@<domain>} of capture addresses: writing one, and reading the token back. */
final class CaptureAddressFormat {

    private final String domain;
    private final String prefix;

    CaptureAddressFormat(String domain, String prefix) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.prefix = prefix.toLowerCase(Locale.ROOT) + "+";
    }

    static CaptureAddressFormat of(CaptureAddressProperties properties) {
        return new CaptureAddressFormat(properties.domain(), properties.prefix());
    }

    String domain() {
        return domain;
    }

    String address(CaptureToken token) {
        return prefix + token.value() + "@" + domain;
    }

    /** Whether {@code address} is at the capture domain (any capture address, valid or not). */
    boolean atCaptureDomain(String address) {
        return address != null && address.toLowerCase(Locale.ROOT).endsWith("@" + domain);
    }

    /**
     * The token of {@code address} if it is a capture address in form (our domain, our prefix, a
     * token's form); empty for any other address, which this server never accepts mail for.
     */
    Optional<CaptureToken> tokenOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new InternetAddress(address, true).getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return Optional.empty();
        }
        int at = plain.lastIndexOf('@');
        if (at < 0 || !plain.substring(at + 1).equals(domain) || !plain.startsWith(prefix)) {
            return Optional.empty();
        }
        return CaptureToken.of(plain.substring(prefix.length(), at));
    }
}
