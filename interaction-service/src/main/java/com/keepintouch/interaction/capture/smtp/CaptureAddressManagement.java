package com.keepintouch.interaction.capture.smtp;

import com.keepintouch.platform.security.OwnerTokens;
import com.keepintouch.platform.security.SecretBox;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Issues each owner one capture address, rotates it, and tells whose an address is. The tokens are
 * {@link OwnerTokens} in {@code capture_addresses}, sealed under {@code kit.capture.secret-key} (so
 * its owner can be shown the address again); a copy of the database alone sends no mail in anyone's name.
 */
@Service
class CaptureAddressManagement {

    private final OwnerTokens addresses;
    private final CaptureAddressFormat format;

    CaptureAddressManagement(
            MongoDatabase database,
            CaptureAddressProperties properties,
            @Value("${kit.capture.secret-key}") String secretKey,
            Clock clock) {
        this.addresses = new OwnerTokens(
                database.getCollection("capture_addresses"),
                new SecretBox(secretKey, "capture address token", "kit.capture.secret-key"),
                () -> CaptureToken.random().value(),
                clock,
                "Capture address");
        this.format = CaptureAddressFormat.of(properties);
    }

    /** An owner's capture address, as the owner is shown it. */
    record IssuedAddress(String ownerId, String address, Instant createdAt, Instant rotatedAt) {}

    /** The owner's address, issued on the first call and the same on every later one until rotated. */
    IssuedAddress addressOf(String ownerId) {
        return issued(addresses.issuedTo(ownerId));
    }

    /** A new token for the owner; mail to the previous address is refused from now on. */
    IssuedAddress rotate(String ownerId) {
        return issued(addresses.rotate(ownerId));
    }

    /** The owner whose current address has this token; empty for a rotated or never issued one. */
    Optional<String> ownerOf(CaptureToken token) {
        return addresses.ownerOf(token.value());
    }

    private IssuedAddress issued(OwnerTokens.Issued issued) {
        CaptureToken token = CaptureToken.of(issued.token())
                .orElseThrow(() -> new IllegalStateException("a stored capture address token is not in form"));
        return new IssuedAddress(issued.ownerId(), format.address(token), issued.createdAt(), issued.rotatedAt());
    }
}
