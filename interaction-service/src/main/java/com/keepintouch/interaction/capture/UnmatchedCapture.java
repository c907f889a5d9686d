package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.contacts.ContactAddressesStored;
import com.keepintouch.interaction.contacts.KnownContact;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives a contact who appears (or gains an address) the touches of the mail kept for having named
 * no contact: one indexed query per contact stored with addresses, nothing more when none waits.
 * The records stay until they expire, since another contact of the same message may appear later;
 * capturing one again for the same contact finds its interaction known.
 */
@Component
class UnmatchedCapture {

    private static final Logger log = LoggerFactory.getLogger(UnmatchedCapture.class);

    private final UnmatchedMessages unmatched;
    private final MessageCapture capture;
    private final Clock clock;

    UnmatchedCapture(UnmatchedMessages unmatched, MessageCapture capture, Clock clock) {
        this.unmatched = unmatched;
        this.capture = capture;
        this.clock = clock;
    }

    @EventListener
    void on(ContactAddressesStored stored) {
        KnownContact contact = stored.contact();
        Set<String> hashes =
                contact.emails().stream().map(CaptureRules::addressHash).collect(Collectors.toSet());
        List<UnmatchedMessage> waiting = unmatched.naming(contact.ownerId(), hashes, clock.instant());
        if (waiting.isEmpty()) {
            return;
        }
        // the owner's mail to the contact before the contact's mail, oldest first: a reply then finds what it answers
        waiting.sort(Comparator.<UnmatchedMessage, Boolean>comparing(kept -> hashes.contains(kept.fromHash()))
                .thenComparing(UnmatchedMessage::occurredAt));
        int recorded = 0;
        for (UnmatchedMessage kept : waiting) {
            recorded += capture.captureKept(contact, hashes, kept).recorded();
        }
        log.info(
                "Kept messages captured for a new contact ownerId={} contactId={} messages={} recorded={}",
                contact.ownerId(),
                contact.contactId(),
                waiting.size(),
                recorded);
    }
}
