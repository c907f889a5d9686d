package com.keepintouch.interaction.capture.smtp;

import com.keepintouch.platform.security.SecretBox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Issues each owner one capture address, rotates it, and tells whose an address is. The token is
 * stored as its SHA-256 (mail is looked up by it) and sealed with {@link SecretBox} under
 * {@code kit.capture.secret-key} (so its owner can be shown the address again); a copy of the database alone sends no mail in anyone's name.
 */
@Service
class CaptureAddressManagement {

    private static final Logger log = LoggerFactory.getLogger(CaptureAddressManagement.class);

    private final CaptureAddresses addresses;
    private final CaptureAddressFormat format;
    private final SecretBox tokens;
    private final Clock clock;

    CaptureAddressManagement(
            CaptureAddresses addresses,
            CaptureAddressProperties properties,
            @Value("${kit.capture.secret-key}") String secretKey,
            Clock clock) {
        this.addresses = addresses;
        this.format = CaptureAddressFormat.of(properties);
        this.tokens = new SecretBox(secretKey, "capture address token", "kit.capture.secret-key");
        this.clock = clock;
    }

    /** An owner's capture address, as the owner is shown it. */
    record IssuedAddress(String ownerId, String address, Instant createdAt, Instant rotatedAt) {}

    /** The owner's address, issued on the first call and the same on every later one until rotated. */
    IssuedAddress addressOf(String ownerId) {
        Optional<CaptureAddresses.Stored> stored = addresses.find(ownerId);
        if (stored.isPresent()) {
            return issued(stored.get());
        }
        CaptureToken token = CaptureToken.random();
        if (addresses.insert(ownerId, token.hash(), tokens.seal(token.value()), clock.instant())) {
            log.info("Capture address issued ownerId={}", ownerId);
        }
        // Ours, or the one a request at the same moment stored first: either way the stored one.
        return issued(addresses.find(ownerId).orElseThrow());
    }

    /** A new token for the owner; mail to the previous address is refused from now on. */
    IssuedAddress rotate(String ownerId) {
        CaptureToken token = CaptureToken.random();
        addresses.replace(ownerId, token.hash(), tokens.seal(token.value()), clock.instant());
        log.info("Capture address rotated ownerId={}", ownerId);
        return issued(addresses.find(ownerId).orElseThrow());
    }

    /** The owner whose current address has this token; empty for a rotated or never issued one. */
    Optional<String> ownerOf(CaptureToken token) {
        return addresses.ownerOf(token.hash());
    }

    private IssuedAddress issued(CaptureAddresses.Stored stored) {
        CaptureToken token = CaptureToken.of(tokens.open(stored.sealedToken()))
                .orElseThrow(() -> new IllegalStateException("a stored capture address token is not in form"));
        return new IssuedAddress(stored.ownerId(), format.address(token), stored.createdAt(), stored.rotatedAt());
    }
}
