package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.CaptureRules.Decision;
import com.keepintouch.interaction.capture.CaptureRules.Sender;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.domain.RequestRefused;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

    private final ContactDirectory contacts;
    private final CapturedInteractions interactions;
    private final CaptureMetrics metrics;
    private final MessageCaptureProperties properties;
    private final UnmatchedMessages unmatched;
    private final UnmatchedProperties unmatchedProperties;
    private final Clock clock;

    MessageCapture(
            ContactDirectory contacts,
            CapturedInteractions interactions,
            CaptureMetrics metrics,
            MessageCaptureProperties properties,
            UnmatchedMessages unmatched,
            UnmatchedProperties unmatchedProperties,
            Clock clock) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.metrics = metrics;
        this.properties = properties;
        this.unmatched = unmatched;
        this.unmatchedProperties = unmatchedProperties;
        this.clock = clock;
    }

    /**
     * Records what {@code message} tells of the owner's contacts: an inbound email from a contact,
     * or an outbound one per contact the owner wrote to; nothing for automated mail, broadcasts,
     * or mail neither from the owner nor from a contact. Idempotent: the same message again finds
     * its interactions known. A message that names none of the owner's contacts is kept, its
     * addresses as hashes only, for {@code kit.capture.unmatched.retention}: a contact with one of
     * its addresses who appears meanwhile gets its touch ({@link #captureKept}).
     *
     * @param ownerId whose contacts and interactions these are
     * @param ownerAddresses the mailbox owner's own addresses, lowercased. Empty means "whoever sent
     *     it is the owner unless the sender is one of the owner's contacts" (the capture address:
     *     the token already proves the owner)
     * @param message the message; a missing date counts as now
     * @param source how it was captured, stored on each interaction
     * @throws com.keepintouch.platform.domain.RequestRefused a conflict when another capture of the
     *     same message for the same contact is being stored at this very moment; capturing it again
     *     finds it known
     */
    public CaptureOutcome capture(
            String ownerId, Set<String> ownerAddresses, CapturedMessage message, CaptureSource source) {
        Result result =
                captureAll(ownerId, ownerAddresses, List.of(message), source).get(0);
        if (result.refused() != null) {
            throw result.refused();
        }
        return result.outcome();
    }

    /**
     * What capturing one message of a batch did: its outcome, or why recording it was refused.
     *
     * @param outcome what {@link #capture} returns for the message; null when refused
     * @param refused what {@link #capture} throws for the message; null when captured
     */
    public record Result(CaptureOutcome outcome, RequestRefused refused) {}

    /**
     * Captures a batch of the same owner's messages with the rules and outcomes of {@link #capture}
     * message by message, in order, but with one lookup of the owner's contacts for every address
     * of the batch, and one write for the batch's messages that name no contact. A message whose
     * interaction is refused is given as its refusal; the others are captured all the same.
     *
     * @return one result per message, in the order of {@code messages}
     */
    public List<Result> captureAll(
            String ownerId, Set<String> ownerAddresses, List<CapturedMessage> messages, CaptureSource source) {
        List<KnownContact> named = contacts.findByEmails(ownerId, addressesToLookUp(messages));
        Instant now = clock.instant();
        List<Decision> decisions = new ArrayList<>(messages.size());
        List<UnmatchedMessage> toKeep = new ArrayList<>();
        for (CapturedMessage message : messages) {
            Decision decision = CaptureRules.decide(
                    message, ownerAddresses, properties.maxRecipients(), addresses -> naming(named, addresses));
            decisions.add(decision);
            if (decision.skipped() == Skip.NO_CONTACT) {
                toKeep.add(unmatched(ownerId, ownerAddresses, message, source, now));
            }
        }
        if (!toKeep.isEmpty()) {
            unmatched.keepAll(toKeep);
            metrics.unmatchedStored(toKeep.size());
        }
        Batch batch = new Batch(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            CapturedMessage message = messages.get(i);
            Decision decision = decisions.get(i);
            if (decision.skipped() != Skip.NONE) {
                continue;
            }
            Instant occurredAt = CaptureRules.occurredAt(message, now);
            String summary = CaptureRules.summary(message.subject(), properties.maxSummary());
            for (KnownContact contact : decision.contacts()) {
                InReplyTo inReplyTo = null;
                if (decision.direction() == Direction.INBOUND) {
                    if (batch.holdsAnyOf(contact, message.replyTargets())) {
                        // what it answers is in this batch: stored first, so the reply finds it as one by one
                        batch.flush();
                    }
                    inReplyTo = answered(contact, message.replyTargets());
                }
                batch.add(
                        i, contact, decision.direction(), occurredAt, summary, message.messageId(), source, inReplyTo);
            }
        }
        batch.flush();
        List<Result> results = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Decision decision = decisions.get(i);
            if (batch.refused[i] != null) {
                results.add(new Result(null, batch.refused[i]));
                continue;
            }
            CaptureOutcome outcome = decision.skipped() != Skip.NONE
                    ? CaptureOutcome.skipped(
                            decision.skipped(), decision.contacts().size())
                    : new CaptureOutcome(Skip.NONE, decision.contacts().size(), batch.recorded[i], batch.known[i]);
            metrics.counted(source, CaptureMetrics.Outcome.of(outcome));
            log.debug(
                    "Message captured ownerId={} source={} skipped={} contacts={} recorded={} known={}",
                    ownerId,
                    source,
                    outcome.skipped(),
                    outcome.contactsMatched(),
                    outcome.recorded(),
                    outcome.alreadyKnown());
            results.add(new Result(outcome, null));
        }
        return results;
    }

    /** The touches of a batch of messages waiting to be recorded together, and what recording them did per message. */
    private final class Batch {

        private final int[] recorded;
        private final int[] known;
        private final RequestRefused[] refused;
        private final List<CapturedInteractions.Touch> touches = new ArrayList<>();
        private final List<Integer> messageOf = new ArrayList<>();
        private final Set<String> outbound = new HashSet<>();

        Batch(int messages) {
            recorded = new int[messages];
            known = new int[messages];
            refused = new RequestRefused[messages];
        }

        void add(
                int message,
                KnownContact contact,
                Direction direction,
                Instant occurredAt,
                String summary,
                String messageId,
                CaptureSource source,
                InReplyTo inReplyTo) {
            String externalId = externalId(contact.contactId(), messageId);
            touches.add(new CapturedInteractions.Touch(
                    contact,
                    new InteractionDraft(
                            contact.contactId(), InteractionType.EMAIL, direction, occurredAt, summary, externalId),
                    source,
                    inReplyTo));
            messageOf.add(message);
            if (direction == Direction.OUTBOUND) {
                outbound.add(externalId);
            }
        }

        /** Whether an outbound touch waiting here is one of these reply targets of a message from {@code contact}. */
        boolean holdsAnyOf(KnownContact contact, List<String> replyTargets) {
            return replyTargets.stream().anyMatch(t -> outbound.contains(externalId(contact.contactId(), t)));
        }

        void flush() {
            if (touches.isEmpty()) {
                return;
            }
            List<CapturedInteractions.Result> stored = interactions.recordAll(touches);
            for (int t = 0; t < stored.size(); t++) {
                int message = messageOf.get(t);
                CapturedInteractions.Result result = stored.get(t);
                if (result.refused() != null) {
                    refused[message] = refused[message] == null ? result.refused() : refused[message];
                } else if (result.recorded().created()) {
                    recorded[message]++;
                } else {
                    known[message]++;
                }
            }
            touches.clear();
            messageOf.clear();
            outbound.clear();
        }
    }

    /** Every address the rules may look up for these messages: those not skipped before any lookup. */
    private Set<String> addressesToLookUp(List<CapturedMessage> messages) {
        Set<String> addresses = new LinkedHashSet<>();
        for (CapturedMessage message : messages) {
            Set<String> recipients = message.recipients();
            if (!message.automated() && recipients.size() <= properties.maxRecipients()) {
                addresses.add(message.from());
                addresses.addAll(recipients);
            }
        }
        return addresses;
    }

    /** The batch's contacts with any of these addresses, as {@code findByEmails} would give them. */
    private static List<KnownContact> naming(List<KnownContact> named, Collection<String> addresses) {
        Set<String> wanted = new HashSet<>(KnownContact.lowercased(addresses));
        return named.stream()
                .filter(c -> c.emails().stream().anyMatch(wanted::contains))
                .toList();
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
        return CaptureRules.externalId(contactId, messageId);
    }

    private UnmatchedMessage unmatched(
            String ownerId, Set<String> ownerAddresses, CapturedMessage message, CaptureSource source, Instant now) {
        Set<String> recipients = message.recipients();
        return new UnmatchedMessage(
                ownerId,
                message.messageId(),
                source,
                CaptureRules.occurredAt(message, now),
                CaptureRules.summary(message.subject(), properties.maxSummary()),
                message.replyTargets(),
                recipients.size(),
                Sender.of(message, ownerAddresses),
                CaptureRules.addressHash(message.from()),
                recipients.stream().map(CaptureRules::addressHash).toList(),
                now.plus(unmatchedProperties.retention()));
    }

    /**
     * Captures a kept message for {@code contact}, who has appeared since (or gained an address) and
     * has one of its addresses: with the rules of {@link #capture}, for this contact alone, and the
     * same externalId, so the message is one interaction with the contact however often and by
     * whichever way it is seen.
     *
     * @param contactHashes the hashes of the contact's addresses
     */
    CaptureOutcome captureKept(KnownContact contact, Set<String> contactHashes, UnmatchedMessage kept) {
        List<KnownContact> just = List.of(contact);
        Decision decision = CaptureRules.touch(
                contactHashes.contains(kept.fromHash()) ? just : List.of(),
                () -> kept.recipientHashes().stream().anyMatch(contactHashes::contains) ? just : List.of(),
                kept.sender());
        if (decision.skipped() != Skip.NONE) {
            return CaptureOutcome.skipped(
                    decision.skipped(), decision.contacts().size());
        }
        CaptureOutcome outcome = record(
                decision, kept.messageId(), kept.replyTargets(), kept.occurredAt(), kept.summary(), kept.source());
        metrics.unmatchedMatched(outcome.recorded());
        return outcome;
    }

    private CaptureOutcome record(
            Decision decision,
            String messageId,
            List<String> replyTargets,
            Instant occurredAt,
            String summary,
            CaptureSource source) {
        int recorded = 0;
        int known = 0;
        for (KnownContact contact : decision.contacts()) {
            InReplyTo inReplyTo = decision.direction() == Direction.INBOUND ? answered(contact, replyTargets) : null;
            InteractionDraft draft = new InteractionDraft(
                    contact.contactId(),
                    InteractionType.EMAIL,
                    decision.direction(),
                    occurredAt,
                    summary,
                    externalId(contact.contactId(), messageId));
            if (interactions.record(contact, draft, source, inReplyTo).created()) {
                recorded++;
            } else {
                known++;
            }
        }
        return new CaptureOutcome(Skip.NONE, decision.contacts().size(), recorded, known);
    }

    /** The first reply target that is the owner's outbound email to this contact. */
    private InReplyTo answered(KnownContact contact, List<String> replyTargets) {
        for (String target : replyTargets) {
            Optional<InReplyTo> outbound =
                    interactions.outboundHolding(contact.ownerId(), externalId(contact.contactId(), target));
            if (outbound.isPresent()) {
                return outbound.get();
            }
        }
        return null;
    }
}
