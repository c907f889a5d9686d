package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionRules;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The rules of capture as plain functions: which messages are touches, with whom, in which
 * direction, and what their interactions hold (docs/capture.md). No Spring, no storage: the
 * owner's contacts come in as a lookup.
 */
final class CaptureRules {

    private static final String EXTERNAL_ID_PREFIX = "email/";

    private CaptureRules() {}

    /**
     * What a message is: skipped for a reason, or a touch with these contacts in this direction.
     *
     * @param skipped why it records nothing, {@link Skip#NONE} when it is a touch
     * @param contacts the owner's contacts it is about (for a skip, those it named, if looked up)
     * @param direction INBOUND from a contact, OUTBOUND from the owner; null when skipped
     */
    record Decision(Skip skipped, List<KnownContact> contacts, Direction direction) {

        static Decision skip(Skip reason, List<KnownContact> contacts) {
            return new Decision(reason, contacts, null);
        }
    }

    /**
     * Decides what {@code message} is for its owner.
     *
     * @param ownerAddresses the owner's own addresses, lowercased; empty: any sender but a contact is the owner
     * @param ownersContacts the owner's live contacts with any of the given addresses
     */
    static Decision decide(
            CapturedMessage message,
            Set<String> ownerAddresses,
            int maxRecipients,
            Function<Collection<String>, List<KnownContact>> ownersContacts) {
        if (message.automated()) {
            return Decision.skip(Skip.AUTOMATED, List.of());
        }
        Set<String> recipients = message.recipients();
        if (recipients.size() > maxRecipients) {
            return Decision.skip(Skip.TOO_MANY_RECIPIENTS, List.of());
        }
        return touch(
                ownersContacts.apply(List.of(message.from())),
                () -> recipients.isEmpty() ? List.of() : ownersContacts.apply(recipients),
                Sender.of(message, ownerAddresses));
    }

    /**
     * Who sent a message, as far as its owner's own addresses tell.
     * {@link #UNKNOWN} when there is no list of them (the capture address): then the sender is the
     * owner unless they are one of the owner's contacts.
     */
    enum Sender {
        OWNER,
        NOT_THE_OWNER,
        UNKNOWN;

        static Sender of(CapturedMessage message, Set<String> ownerAddresses) {
            if (ownerAddresses.isEmpty()) {
                return UNKNOWN;
            }
            return ownerAddresses.contains(message.from()) ? OWNER : NOT_THE_OWNER;
        }
    }

    /**
     * Decides what a message that passed the automated and broadcast checks is, from the owner's
     * contacts it names: the one rule for a message captured now and for one kept unmatched until
     * its contact appeared.
     *
     * @param senders the owner's contacts the From address belongs to
     * @param addressed the owner's contacts among the recipients, asked for only when no sender is one
     * @param sender whether the owner sent it
     */
    static Decision touch(List<KnownContact> senders, Supplier<List<KnownContact>> addressed, Sender sender) {
        if (!senders.isEmpty()) {
            // only the sender touched the owner; whoever else it went to did not
            return new Decision(Skip.NONE, senders, Direction.INBOUND);
        }
        List<KnownContact> recipients = addressed.get();
        if (recipients.isEmpty()) {
            return Decision.skip(Skip.NO_CONTACT, List.of());
        }
        if (sender == Sender.NOT_THE_OWNER) {
            return Decision.skip(Skip.NOT_THE_OWNERS, recipients);
        }
        return new Decision(Skip.NONE, recipients, Direction.OUTBOUND);
    }

    /** When it occurred: the message's date, or now for none and for a date ahead of our clock (a sender's clock, a forged header). */
    static Instant occurredAt(CapturedMessage message, Instant now) {
        return message.date() == null || message.date().isAfter(now) ? now : message.date();
    }

    /** The subject, stripped, up to {@code max} characters (never half a surrogate pair); null for none. */
    static String summary(String subject, int max) {
        if (subject == null || subject.isBlank()) {
            return null;
        }
        String s = subject.strip();
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end).strip();
    }

    /** See {@link MessageCapture#externalId}. */
    static String externalId(String contactId, String messageId) {
        String id = EXTERNAL_ID_PREFIX + contactId + "/" + messageId;
        if (id.length() <= InteractionRules.MAX_EXTERNAL_ID) {
            return id;
        }
        return EXTERNAL_ID_PREFIX + contactId + "/sha256:" + DigestUtils.sha256Hex(messageId);
    }

    /**
     * How an address is kept for a message that named no contact: the SHA-256 of the address,
     * lowercased, in hex, so that a contact's address finds it and the address itself is never
     * stored.
     */
    static String addressHash(String address) {
        return KnownContact.addressHash(address);
    }
}
