package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.CaptureOutcome;
import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.CapturedMessage;
import com.keepintouch.interaction.capture.MessageCapture;
import com.keepintouch.interaction.capture.MessageHeaders;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Checkpoint;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Role;
import com.keepintouch.interaction.capture.mailbox.Mailbox.State;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Stats;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One round of a mailbox's sync over an open connection: each folder (sent first) read from its
 * checkpoint on, in batches whose headers alone are fetched, each message captured, and the
 * checkpoint stored after every batch with the batch's counts. A folder whose UIDVALIDITY changed
 * is read again from the backfill horizon (its messages are known by their externalIds).
 */
@Component
class MailboxSync {

    private static final Logger log = LoggerFactory.getLogger(MailboxSync.class);

    /** The headers capture reads (MessageHeaders); nothing else of a message is fetched. */
    static final List<String> HEADERS = List.of(
            "Message-ID",
            "From",
            "To",
            "Cc",
            "Bcc",
            "Date",
            "Subject",
            "In-Reply-To",
            "References",
            "Auto-Submitted",
            "List-Id",
            "Precedence");

    /** How a round ended. */
    enum Outcome {
        /** Every folder was read up to its newest message. */
        DONE,
        /** A resync changed the checkpoints meanwhile: read the mailbox again and start over. */
        STALE,
        /** The lease is another instance's now, or the mailbox was deleted: stop. */
        LOST,
        /** This instance is stopping: what was read is stored, the rest is read by whoever takes the mailbox. */
        STOPPED
    }

    private final MessageCapture capture;
    private final Mailboxes mailboxes;
    private final MailboxesProperties properties;
    private final Clock clock;

    MailboxSync(MessageCapture capture, Mailboxes mailboxes, MailboxesProperties properties, Clock clock) {
        this.capture = capture;
        this.mailboxes = mailboxes;
        this.properties = properties;
        this.clock = clock;
    }

    Outcome round(Mailbox mailbox, IMAPStore store, String holder, BooleanSupplier stopping) throws MessagingException {
        for (Role role : mailbox.roles()) {
            Outcome outcome = folder(mailbox, store, holder, role, stopping);
            if (outcome != Outcome.DONE) {
                return outcome;
            }
        }
        return Outcome.DONE;
    }

    private Outcome folder(Mailbox mailbox, IMAPStore store, String holder, Role role, BooleanSupplier stopping)
            throws MessagingException {
        String name = mailbox.folders().of(role);
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        folder.open(Folder.READ_ONLY);
        try {
            long validity = folder.getUIDValidity();
            Checkpoint checkpoint = start(mailbox, role, name, validity);
            long uidNext = folder.getUIDNext();
            List<Message> pending = pending(folder, checkpoint);
            if (checkpoint.backfilling()) {
                checkpoint = new Checkpoint(
                        name,
                        validity,
                        checkpoint.lastUid(),
                        true,
                        checkpoint.horizon(),
                        checkpoint.done(),
                        checkpoint.done() + pending.size());
            }
            boolean changed = !checkpoint.equals(mailbox.checkpoints().get(role));
            for (int from = 0; from < pending.size(); from += properties.batchSize()) {
                if (stopping.getAsBoolean()) {
                    return Outcome.STOPPED;
                }
                List<Message> batch = pending.subList(from, Math.min(pending.size(), from + properties.batchSize()));
                Stats delta = capture(mailbox, folder, batch);
                long lastUid = folder.getUID(batch.get(batch.size() - 1));
                checkpoint = new Checkpoint(
                        name,
                        validity,
                        lastUid,
                        checkpoint.backfilling(),
                        checkpoint.horizon(),
                        checkpoint.backfilling() ? checkpoint.done() + batch.size() : 0,
                        checkpoint.total());
                Outcome stored = store(mailbox, holder, role, checkpoint, delta);
                if (stored != Outcome.DONE) {
                    return stored;
                }
                changed = false;
            }
            if (checkpoint.backfilling()) {
                // Caught up: what is older than the horizon stays unread, what arrives later is above uidNext.
                long lastUid = Math.max(checkpoint.lastUid(), uidNext > 0 ? uidNext - 1 : 0);
                checkpoint = new Checkpoint(name, validity, lastUid, false, checkpoint.horizon(), 0, 0);
                changed = true;
                log.info(
                        "Mailbox folder backfilled mailboxId={} folder={} messages={}",
                        mailbox.id(),
                        role.key(),
                        pending.size());
            }
            return changed ? store(mailbox, holder, role, checkpoint, Stats.NONE) : Outcome.DONE;
        } finally {
            if (folder.isOpen()) {
                folder.close(false);
            }
        }
    }

    /** The folder's checkpoint, or a backfill from the horizon when it has none or its UIDVALIDITY changed. */
    private Checkpoint start(Mailbox mailbox, Role role, String name, long validity) {
        Instant horizon = clock.instant().minus(Duration.ofDays(mailbox.backfillDays()));
        Checkpoint checkpoint = mailbox.checkpoints().get(role);
        if (checkpoint == null || !name.equals(checkpoint.folder())) {
            return Checkpoint.backfill(name, validity, horizon);
        }
        if (checkpoint.uidValidity() == null) {
            // a resync left it to be read from its own horizon
            return new Checkpoint(
                    name, validity, checkpoint.lastUid(), true, checkpoint.horizon(), checkpoint.done(), 0);
        }
        if (checkpoint.uidValidity() != validity) {
            log.info(
                    "Mailbox folder UIDVALIDITY changed, reading it again mailboxId={} folder={} from={}",
                    mailbox.id(),
                    role.key(),
                    horizon);
            return Checkpoint.backfill(name, validity, horizon);
        }
        return checkpoint;
    }

    /** The messages above the checkpoint, in UID order; while backfilling, only those since the horizon. */
    private static List<Message> pending(IMAPFolder folder, Checkpoint checkpoint) throws MessagingException {
        Message[] candidates;
        if (checkpoint.backfilling()) {
            candidates = folder.search(new ReceivedDateTerm(ComparisonTerm.GE, Date.from(checkpoint.horizon())));
            FetchProfile uids = new FetchProfile();
            uids.add(UIDFolder.FetchProfileItem.UID);
            folder.fetch(candidates, uids);
        } else {
            candidates = folder.getMessagesByUID(checkpoint.lastUid() + 1, UIDFolder.MAXUID);
        }
        List<Message> pending = new ArrayList<>();
        for (Message message : candidates) {
            if (message != null && !message.isExpunged() && folder.getUID(message) > checkpoint.lastUid()) {
                pending.add(message);
            }
        }
        pending.sort(Comparator.comparingLong(m -> uid(folder, m)));
        return pending;
    }

    private static long uid(IMAPFolder folder, Message message) {
        try {
            return folder.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("a UID fetched before is not known", e);
        }
    }

    /**
     * Fetches a batch's headers (never a body) and captures its messages together (one lookup of
     * their contacts); an invalid one is counted, never fatal.
     */
    private Stats capture(Mailbox mailbox, IMAPFolder folder, List<Message> batch) throws MessagingException {
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        HEADERS.forEach(profile::add);
        Message[] messages = batch.toArray(Message[]::new);
        folder.fetch(messages, profile);
        long invalid = 0;
        List<CapturedMessage> valid = new ArrayList<>(messages.length);
        for (Message message : messages) {
            MessageHeaders.Parsed parsed = MessageHeaders.parse(headers(message));
            if (parsed instanceof MessageHeaders.Parsed.Invalid bad) {
                capture.invalid(mailbox.ownerId(), CaptureSource.MAILBOX, bad);
                invalid++;
                continue;
            }
            CapturedMessage captured = ((MessageHeaders.Parsed.Valid) parsed).message();
            if (captured.date() == null && message.getReceivedDate() != null) {
                captured = captured.withDate(message.getReceivedDate().toInstant());
            }
            valid.add(captured);
        }
        long recorded = 0;
        long matched = 0;
        Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
        for (MessageCapture.Result result :
                capture.captureAll(mailbox.ownerId(), mailbox.ownerAddresses(), valid, CaptureSource.MAILBOX)) {
            if (result.refused() != null) {
                // the interaction rules refused what the headers made of it (e.g. a date out of range)
                invalid++;
                continue;
            }
            CaptureOutcome outcome = result.outcome();
            recorded += outcome.recorded();
            matched += outcome.contactsMatched();
            if (outcome.skipped() != Skip.NONE) {
                skipped.merge(outcome.skipped(), 1L, Long::sum);
            }
        }
        return new Stats(messages.length, recorded, matched, invalid, skipped);
    }

    /** The fetched headers, as capture reads them; asking for them costs no round trip. */
    private static InternetHeaders headers(Message message) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        for (String name : HEADERS) {
            String[] values = message.getHeader(name);
            if (values != null) {
                for (String value : values) {
                    headers.addHeader(name, value);
                }
            }
        }
        return headers;
    }

    private Outcome store(Mailbox mailbox, String holder, Role role, Checkpoint checkpoint, Stats delta) {
        State state = checkpoint.backfilling() ? State.BACKFILLING : State.SYNCING;
        if (mailboxes.progress(
                mailbox.id(),
                holder,
                mailbox.generation(),
                role,
                checkpoint,
                delta,
                state,
                clock.instant().plus(properties.lease()))) {
            return Outcome.DONE;
        }
        return mailboxes
                .find(mailbox.id())
                .filter(m -> holder.equals(m.leaseHolder()))
                .map(m -> Outcome.STALE)
                .orElse(Outcome.LOST);
    }
}
