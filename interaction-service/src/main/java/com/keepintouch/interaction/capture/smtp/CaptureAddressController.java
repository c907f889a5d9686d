package com.keepintouch.interaction.capture.smtp;

import com.keepintouch.interaction.capture.smtp.CaptureAddressManagement.IssuedAddress;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.Scope;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's capture address: the address to BCC so that mail logs itself as interactions. It is
 * shown to its owner on every call (it lets whoever knows it add touches, but opens no account);
 * rotating it replaces it when it leaked.
 */
@RestController
@RequestMapping("/api/capture/address")
class CaptureAddressController {

    private final CaptureAddressManagement addresses;

    CaptureAddressController(CaptureAddressManagement addresses) {
        this.addresses = addresses;
    }

    record CaptureAddressResponse(String ownerId, String address, Instant createdAt, Instant rotatedAt) {

        static CaptureAddressResponse of(IssuedAddress address) {
            return new CaptureAddressResponse(
                    address.ownerId(), address.address(), address.createdAt(), address.rotatedAt());
        }
    }

    @GetMapping
    CaptureAddressResponse get(Caller caller, @RequestParam(required = false) String ownerId) {
        return CaptureAddressResponse.of(addresses.addressOf(owner(caller, ownerId)));
    }

    @PostMapping("/rotate")
    CaptureAddressResponse rotate(Caller caller, @RequestParam(required = false) String ownerId) {
        return CaptureAddressResponse.of(addresses.rotate(owner(caller, ownerId)));
    }

    /** The caller's own (an admin may name an owner); ops records no touches and has no address. */
    private static String owner(Caller caller, String ownerId) {
        if (!caller.isAdmin() && !caller.scopes().contains(Scope.RECRUITER)) {
            throw RequestRefused.forbidden(
                    "A capture address belongs to a recruiter: this token reads across owners and records nothing");
        }
        return caller.actingOwner(ownerId);
    }
}
