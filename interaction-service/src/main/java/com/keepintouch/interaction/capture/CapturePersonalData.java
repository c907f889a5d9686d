package com.keepintouch.interaction.capture;

import java.util.Collection;
import org.springframework.stereotype.Component;

/** What capture keeps about a person outside interactions: the mail kept for naming no contact yet. */
@Component
public class CapturePersonalData {

    private final UnmatchedMessages unmatched;

    CapturePersonalData(UnmatchedMessages unmatched) {
        this.unmatched = unmatched;
    }

    /**
     * Removes the owner's kept mail that names any of these addresses (as {@code
     * KnownContact.addressHash}es): an erased person's mail is not kept for anyone. Returns how
     * many messages it removed.
     */
    public long forgetMailNaming(String ownerId, Collection<String> addressHashes) {
        return unmatched.deleteNaming(ownerId, addressHashes);
    }
}
