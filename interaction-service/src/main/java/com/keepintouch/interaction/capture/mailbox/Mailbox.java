package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An owner's IMAP mailbox as stored: where it is, its sealed credential, what is synced of it
 * (a checkpoint per folder), how the sync goes, and which instance holds it.
 *
 * @param generation counts resyncs: progress of a round that began before one is not stored
 */
record Mailbox(
        String id,
        String ownerId,
        Server server,
        String username,
        Auth auth,
        String sealedSecret,
        String address,
        List<String> aliases,
        Folders folders,
        int backfillDays,
        Instant createdAt,
        long generation,
        Map<Role, Checkpoint> checkpoints,
        Status status,
        Stats stats,
        String leaseHolder,
        Instant leaseUntil) {

    /** The form of a mailbox's id: {@code mb_} and 24 hex digits. */
    static final Pattern ID_FORM = Pattern.compile("mb_[0-9a-f]{24}");

    Mailbox {
        aliases = List.copyOf(aliases);
        checkpoints = checkpoints.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(checkpoints));
    }

    /** How the connection is protected. */
    enum Security {
        /** Plain IMAP: only to a server in {@code kit.capture.mailboxes.allowed-networks}. */
        NONE,
        /** Plain IMAP upgraded with STARTTLS, which is required. */
        STARTTLS,
        /** IMAP over TLS (imaps). */
        TLS
    }

    /** What the sealed secret is. */
    enum Auth {
        PASSWORD,
        OAUTH2
    }

    /** What a mailbox's sync is doing. */
    enum State {
        SYNCING,
        BACKFILLING,
        IDLE,
        FAILING
    }

    /** The folders synced, in the order of every round: sent first, so outbound mail is known before replies. */
    enum Role {
        SENT,
        INBOX;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Server(String host, int port, Security security) {

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** @param sent null when the server has no sent folder */
    record Folders(String inbox, String sent) {

        String of(Role role) {
            return role == Role.SENT ? sent : inbox;
        }
    }

    /**
     * How far a folder is read.
     *
     * @param folder the folder's name when the checkpoint was made
     * @param uidValidity the folder's UIDVALIDITY its UIDs belong to; null when a resync left it to be read
     * @param lastUid every message up to this UID is captured
     * @param backfilling whether the messages since {@code horizon} are still being read
     * @param horizon the oldest date a backfill reads
     * @param done messages of the backfill read so far
     * @param total messages the backfill has to read, as far as known
     */
    record Checkpoint(
            String folder,
            Long uidValidity,
            long lastUid,
            boolean backfilling,
            Instant horizon,
            long done,
            long total) {

        static Checkpoint backfill(String folder, Long uidValidity, Instant horizon) {
            return new Checkpoint(folder, uidValidity, 0, true, horizon, 0, 0);
        }
    }

    /**
     * @param lastError why the latest round failed, as a sentence; null while it goes well
     * @param nextRetryAt when a FAILING mailbox is tried again
     * @param failures rounds failed in a row
     */
    record Status(State state, Instant lastSyncAt, String lastError, Instant nextRetryAt, int failures) {

        static Status fresh() {
            return new Status(State.SYNCING, null, null, null, 0);
        }
    }

    /** What the sync saw, added up since the mailbox was created. */
    record Stats(
            long messagesSeen, long interactionsRecorded, long contactsMatched, long invalid, Map<Skip, Long> skipped) {

        static final Stats NONE = new Stats(0, 0, 0, 0, Map.of());

        Stats {
            skipped = Map.copyOf(skipped);
        }
    }

    /** The owner's own addresses, lowercased: mail from one of them is outbound. */
    Set<String> ownerAddresses() {
        Set<String> addresses = new LinkedHashSet<>();
        addresses.add(address.toLowerCase(Locale.ROOT));
        aliases.forEach(a -> addresses.add(a.toLowerCase(Locale.ROOT)));
        return addresses;
    }

    /** The folders this mailbox syncs, sent first. */
    List<Role> roles() {
        return folders.sent() == null ? List.of(Role.INBOX) : List.of(Role.SENT, Role.INBOX);
    }

    /** The state shown: BACKFILLING while any folder backfills and the sync goes well. */
    State shownState() {
        if (status.state() == State.FAILING) {
            return State.FAILING;
        }
        boolean backfilling = checkpoints.values().stream().anyMatch(Checkpoint::backfilling);
        return backfilling || checkpoints.size() < roles().size() ? State.BACKFILLING : status.state();
    }

    long backfillDone() {
        return checkpoints.values().stream()
                .filter(Checkpoint::backfilling)
                .mapToLong(Checkpoint::done)
                .sum();
    }

    long backfillTotal() {
        return checkpoints.values().stream()
                .filter(Checkpoint::backfilling)
                .mapToLong(Checkpoint::total)
                .sum();
    }
}
