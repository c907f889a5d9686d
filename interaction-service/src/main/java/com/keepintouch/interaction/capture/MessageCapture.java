package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.interaction.interactions.domain.InteractionRules;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way a captured message becomes interactions, whichever way it was captured (a mailbox,
 * the capture address): who the touch is with, in which direction, what it answers. The rules are
 * in docs/capture.md, "How a message becomes interactions" and "Replies".
 */
@Component
public class MessageCapture {

    private static final Logger log = LoggerFactory.getLogger(MessageCapture.class);

    private static final String EXTERNAL_ID_PREFIX = "email/";

    private final ContactDirectory contacts;
    private final CapturedInteractions interactions;
    private final CaptureMetrics metrics;
    private final MessageCaptureProperties properties;
    private final Clock clock;

    MessageCapture(
            ContactDirectory contacts,
            CapturedInteractions interactions,
            CaptureMetrics metrics,
            MessageCaptureProperties properties,
            Clock clock) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records what {@code message} tells of the owner's contacts: an inbound email from a contact,
     * or an outbound one per contact the owner wrote to; nothing for automated mail, broadcasts,
     * or mail neither from the owner nor from a contact. Idempotent: the same message again finds
     * its interactions known.
     *
     * @param ownerId whose contacts and interactions these are
     * @param ownerAddresses the mailbox owner's own addresses, lowercased. Empty means "whoever sent
     *     it is the owner unless the sender is one of the owner's contacts" (the capture address:
     *     the token already proves the owner)
     * @param message the message; a missing date counts as now
     * @param source how it was captured, stored on each interaction
     */
    public CaptureOutcome capture(
            String ownerId, Set<String> ownerAddresses, CapturedMessage message, CaptureSource source) {
        CaptureOutcome outcome = decide(ownerId, ownerAddresses, message, source);
        metrics.counted(source, CaptureMetrics.Outcome.of(outcome));
        log.debug(
                "Message captured ownerId={} source={} skipped={} contacts={} recorded={} known={}",
                ownerId,
                source,
                outcome.skipped(),
                outcome.contactsMatched(),
                outcome.recorded(),
                outcome.alreadyKnown());
        return outcome;
    }

    /**
     * Counts a message whose headers could not be read ({@link MessageHeaders.Parsed.Invalid}) as
     * {@code outcome="invalid"}, so every message offered to capture is counted once.
     */
    public void invalid(String ownerId, CaptureSource source, MessageHeaders.Parsed.Invalid invalid) {
        metrics.counted(source, CaptureMetrics.Outcome.INVALID);
        log.debug("Message not captured ownerId={} source={} reason={}", ownerId, source, invalid.reason());
    }

    /**
     * The externalId of one message's interaction with one contact: {@code email/<contactId>/<Message-ID>},
     * so a message is one interaction per contact however often and by whichever way it is seen. A
     * Message-ID too long for an externalId is replaced by {@code sha256:} and its digest in hex.
     */
    public static String externalId(String contactId, String messageId) {
        String id = EXTERNAL_ID_PREFIX + contactId + "/" + messageId;
        if (id.length() <= InteractionRules.MAX_EXTERNAL_ID) {
            return id;
        }
        return EXTERNAL_ID_PREFIX + contactId + "/sha256:" + sha256(messageId);
    }

    private CaptureOutcome decide(
            String ownerId, Set<String> ownerAddresses, CapturedMessage message, CaptureSource source) {
        if (message.automated()) {
            return CaptureOutcome.skipped(Skip.AUTOMATED, 0);
        }
        Set<String> recipients = message.recipients();
        if (recipients.size() > properties.maxRecipients()) {
            return CaptureOutcome.skipped(Skip.TOO_MANY_RECIPIENTS, 0);
        }
        List<KnownContact> senders = contacts.findByEmails(ownerId, List.of(message.from()));
        if (!senders.isEmpty()) {
            return record(senders, Direction.INBOUND, message, source);
        }
        boolean fromOwner = ownerAddresses.isEmpty() || ownerAddresses.contains(message.from());
        List<KnownContact> addressed = contacts.findByEmails(ownerId, recipients);
        if (addressed.isEmpty()) {
            return CaptureOutcome.skipped(Skip.NO_CONTACT, 0);
        }
        if (!fromOwner) {
            return CaptureOutcome.skipped(Skip.NOT_THE_OWNERS, addressed.size());
        }
        return record(addressed, Direction.OUTBOUND, message, source);
    }

    private CaptureOutcome record(
            List<KnownContact> matched, Direction direction, CapturedMessage message, CaptureSource source) {
        Instant now = clock.instant();
        // a date ahead of our clock (a sender's clock, or a forged header) is when we saw it
        Instant occurredAt = message.date() == null || message.date().isAfter(now) ? now : message.date();
        String summary = summary(message.subject());
        int recorded = 0;
        int known = 0;
        for (KnownContact contact : matched) {
            InReplyTo inReplyTo = direction == Direction.INBOUND ? answered(contact, message) : null;
            InteractionDraft draft = new InteractionDraft(
                    contact.contactId(),
                    InteractionType.EMAIL,
                    direction,
                    occurredAt,
                    summary,
                    externalId(contact.contactId(), message.messageId()));
            if (interactions.record(contact, draft, source, inReplyTo).created()) {
                recorded++;
            } else {
                known++;
            }
        }
        return new CaptureOutcome(Skip.NONE, matched.size(), recorded, known);
    }

    /** The first reply target that is the owner's outbound email to this contact. */
    private InReplyTo answered(KnownContact contact, CapturedMessage message) {
        for (String target : message.replyTargets()) {
            Optional<InReplyTo> outbound =
                    interactions.outboundHolding(contact.ownerId(), externalId(contact.contactId(), target));
            if (outbound.isPresent()) {
                return outbound.get();
            }
        }
        return null;
    }

    private String summary(String subject) {
        if (subject == null || subject.isBlank()) {
            return null;
        }
        String s = subject.strip();
        int max = properties.maxSummary();
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end).strip();
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
