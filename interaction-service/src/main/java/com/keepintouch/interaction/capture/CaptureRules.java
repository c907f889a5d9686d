package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
        List<KnownContact> senders = ownersContacts.apply(List.of(message.from()));
        if (!senders.isEmpty()) {
            // only the sender touched the owner; whoever else it went to did not
            return new Decision(Skip.NONE, senders, Direction.INBOUND);
        }
        List<KnownContact> addressed = recipients.isEmpty() ? List.of() : ownersContacts.apply(recipients);
        if (addressed.isEmpty()) {
            return Decision.skip(Skip.NO_CONTACT, List.of());
        }
        if (!ownerAddresses.isEmpty() && !ownerAddresses.contains(message.from())) {
            return Decision.skip(Skip.NOT_THE_OWNERS, addressed);
        }
        return new Decision(Skip.NONE, addressed, Direction.OUTBOUND);
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
        return EXTERNAL_ID_PREFIX + contactId + "/sha256:" + sha256(messageId);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
