package com.keepintouch.interaction.capture;

/**
 * What capturing one message did.
 *
 * @param skipped why nothing was recorded, or {@link Skip#NONE} when the message was a touch
 * @param contactsMatched the owner's contacts the message was about (the sender of an inbound one,
 *     the recipients of an outbound one)
 * @param recorded interactions recorded now
 * @param alreadyKnown interactions that were recorded before (the same message seen again)
 */
public record CaptureOutcome(Skip skipped, int contactsMatched, int recorded, int alreadyKnown) {

    /** Why a message recorded nothing. */
    public enum Skip {
        /** It is a touch: each matched contact has its interaction, new or already known. */
        NONE,
        /** Sent by a machine: Auto-Submitted other than "no", a List-Id, or Precedence bulk, list or junk. */
        AUTOMATED,
        /** Addressed to more recipients than a personal touch has (to, cc and bcc together). */
        TOO_MANY_RECIPIENTS,
        /** Neither its sender nor any recipient is one of the owner's contacts. */
        NO_CONTACT,
        /** Neither sent by the owner nor by one of their contacts: someone else's mail that copied a contact. */
        NOT_THE_OWNERS
    }

    /** A message that recorded nothing, for this reason. */
    public static CaptureOutcome skipped(Skip reason, int contactsMatched) {
        return new CaptureOutcome(reason, contactsMatched, 0, 0);
    }
}
