package com.keepintouch.interaction.contacts;

import java.util.List;

/**
 * A contact made an erased tombstone in the projection.
 *
 * @param ownerId its owner, as the projection knew it (else as the erasure said)
 * @param addressHashes the {@link KnownContact#addressHash hashes} of the addresses it had, so that
 *     the mail kept for naming them can be removed; kept until the erasure finished
 * @param wasErased whether it was a tombstone already (a redelivery, a replay)
 */
public record ErasedContact(String contactId, String ownerId, List<String> addressHashes, boolean wasErased) {

    public ErasedContact {
        addressHashes = List.copyOf(addressHashes);
    }
}
