package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.capture.CaptureRules.Sender;
import java.time.Instant;
import java.util.List;

/**
 * A message that named none of its owner's contacts when it was captured, kept until one appears
 * (docs/capture.md, "Mail before its contact"). Its addresses are kept as {@link
 * CaptureRules#addressHash} only: never the address of someone who is not a contact.
 *
 * @param occurredAt when it occurred, as capture decided it then
 * @param summary the subject as the interaction's summary, truncated already
 * @param recipients how many distinct recipients it had
 * @param sender whether the owner sent it, as their addresses told when it was captured
 * @param fromHash the hash of the From address
 * @param recipientHashes the hashes of To, Cc and Bcc
 * @param expiresAt when it is forgotten
 */
record UnmatchedMessage(
        String ownerId,
        String messageId,
        CaptureSource source,
        Instant occurredAt,
        String summary,
        List<String> replyTargets,
        int recipients,
        Sender sender,
        String fromHash,
        List<String> recipientHashes,
        Instant expiresAt) {

    UnmatchedMessage {
        replyTargets = List.copyOf(replyTargets);
        recipientHashes = List.copyOf(recipientHashes);
    }
}
