package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.mailbox.Mailbox.Auth;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Checkpoint;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Folders;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Role;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Security;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Server;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Stats;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Status;
import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoWriteException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The mailboxes people connect. A new one is checked field by field, its host against the address
 * policy, and its login tried before it is stored; its secret is sealed and never given out again.
 * A recruiter sees only their own (another owner's is 404), ops reads all, admin does everything.
 */
@Service
class MailboxManagement {

    private static final Logger log = LoggerFactory.getLogger(MailboxManagement.class);

    static final int MAX_HOST = 253;
    static final int MAX_USERNAME = 320;
    static final int MAX_SECRET = 8192;
    static final int MAX_ALIASES = 20;
    static final int MAX_FOLDER = 200;
    /** A host name or an IP address: letters, digits, dots, hyphens, colons (IPv6). */
    static final Pattern HOST_FORM = Pattern.compile("[A-Za-z0-9:](?:[A-Za-z0-9.:-]*[A-Za-z0-9])?");

    private final Mailboxes mailboxes;
    private final ImapConnector connector;
    private final MailboxSecrets secrets;
    private final MailboxesProperties properties;
    private final MailboxSyncer syncer;
    private final Clock clock;

    MailboxManagement(
            Mailboxes mailboxes,
            ImapConnector connector,
            MailboxSecrets secrets,
            MailboxesProperties properties,
            MailboxSyncer syncer,
            Clock clock) {
        this.mailboxes = mailboxes;
        this.syncer = syncer;
        this.connector = connector;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a new mailbox is asked to be (the body of {@code POST /api/mailboxes}); {@code ownerId} counts for an admin only. */
    record NewMailbox(
            String host,
            Integer port,
            Security security,
            String username,
            String password,
            String oauth2Token,
            String address,
            List<String> aliases,
            FolderNames folders,
            Integer backfillDays,
            String ownerId) {}

    record FolderNames(String inbox, String sent) {}

    Mailbox create(Caller caller, NewMailbox request) {
        List<Violation> violations = new ArrayList<>();
        String host = host(request.host(), violations);
        Security security = request.security() == null ? Security.TLS : request.security();
        int port = port(request.port(), security, violations);
        String username = text("username", request.username(), MAX_USERNAME, true, violations);
        String password = text("password", request.password(), MAX_SECRET, false, violations);
        String token = text("oauth2Token", request.oauth2Token(), MAX_SECRET, false, violations);
        if (password == null && token == null) {
            violations.add(new Violation("password", "is required, or an oauth2Token instead"));
        } else if (password != null && token != null) {
            violations.add(new Violation("oauth2Token", "must not be given with a password; give one of them"));
        }
        String address = address(request.address(), username, violations);
        List<String> aliases = aliases(request.aliases(), violations);
        FolderNames folders = request.folders() == null ? new FolderNames(null, null) : request.folders();
        String inbox = folder("folders.inbox", folders.inbox(), violations);
        String sent = folder("folders.sent", folders.sent(), violations);
        int backfillDays = request.backfillDays() == null ? properties.backfillDays() : request.backfillDays();
        if (backfillDays < 0 || backfillDays > properties.maxBackfillDays()) {
            violations.add(new Violation("backfillDays", "must be 0 to " + properties.maxBackfillDays()));
        }
        if (!violations.isEmpty()) {
            throw RequestRefused.invalid(violations);
        }
        connector.hostRefusal(host).ifPresent(refusal -> {
            throw RequestRefused.invalid("host", refusal);
        });
        if (security == Security.NONE && !connector.onAllowedNetwork(host)) {
            throw RequestRefused.invalid(
                    "security",
                    "must be STARTTLS or TLS: without TLS the password would cross the network in clear"
                            + " (NONE is only for servers on kit.capture.mailboxes.allowed-networks)");
        }
        String ownerId = caller.actingOwner(request.ownerId());
        mailboxes.idOf(ownerId, host, username).ifPresent(this::alreadyConnected);
        Server server = new Server(host, port, security);
        Auth auth = token != null ? Auth.OAUTH2 : Auth.PASSWORD;
        String secret = token != null ? token : password;
        String inboxFolder = inbox == null ? "INBOX" : inbox;
        String sentFolder = probe(server, username, auth, secret, inboxFolder, sent);
        Mailbox mailbox = new Mailbox(
                "mb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                ownerId,
                server,
                username,
                auth,
                secrets.seal(secret),
                address,
                aliases,
                new Folders(inboxFolder, sentFolder),
                backfillDays,
                clock.instant(),
                0,
                Map.of(),
                Status.fresh(),
                Stats.NONE,
                null,
                null);
        insertUnlessConnected(mailbox);
        log.info(
                "Mailbox connected mailboxId={} ownerId={} security={} sentFolder={}",
                mailbox.id(),
                ownerId,
                security,
                sentFolder != null);
        // its backfill starts now on this instance, not at the next scan
        syncer.offer(mailbox.id());
        return mailbox;
    }

    /** Logs in, checks the folders and finds the sent one; refuses with what the server said, in words. */
    private String probe(Server server, String username, Auth auth, String secret, String inbox, String sent) {
        IMAPStore store;
        try {
            store = connector.connect(server, username, auth, secret);
        } catch (SyncFailure failure) {
            throw RequestRefused.unprocessable(failure.sentence());
        }
        try {
            if (!store.getFolder(inbox).exists()) {
                throw RequestRefused.invalid(
                        "folders.inbox", "the folder " + Quoted.of(inbox) + " does not exist on " + server);
            }
            if (sent != null) {
                if (!store.getFolder(sent).exists()) {
                    throw RequestRefused.invalid(
                            "folders.sent", "the folder " + Quoted.of(sent) + " does not exist on " + server);
                }
                return sent;
            }
            return ImapConnector.findSentFolder(store);
        } catch (MessagingException e) {
            throw RequestRefused.unprocessable(connector.failure(e, server).sentence());
        } finally {
            try {
                store.close();
            } catch (MessagingException e) {
                // the probe is over either way
            }
        }
    }

    /**
     * Stores a new mailbox, or refuses it with the one of its account connected meanwhile (an
     * identical connect that raced it). That one may be disconnected again before it is read: then
     * the account is free and the insert is tried once more; still unreadable, it is a 409 in words.
     */
    private void insertUnlessConnected(Mailbox mailbox) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                mailboxes.insert(mailbox);
                return;
            } catch (MongoWriteException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
            }
            mailboxes
                    .idOf(mailbox.ownerId(), mailbox.server().host(), mailbox.username())
                    .ifPresent(this::alreadyConnected);
        }
        throw RequestRefused.conflict(
                "this account was being connected and disconnected at the same moment; try again", Map.of());
    }

    private void alreadyConnected(String existingId) {
        throw RequestRefused.conflict(
                "this account is connected already as mailbox " + existingId, Map.of("existingId", existingId));
    }

    /** The caller's mailboxes (ops and admin: everyone's, or {@code ownerId}'s) in id order, after {@code cursor}. */
    Page<Mailbox> list(Caller caller, String ownerId, int limit, String cursor) {
        PageRequest page = PageRequest.byId(limit, cursor, Mailbox.ID_FORM);
        return page.page(
                mailboxes.list(caller.readableOwners(ownerId), page), m -> Position.of(m.id()), Function.identity());
    }

    /** The mailbox if the caller may see it: their own, or any for ops and admin. */
    Mailbox readable(Caller caller, String id) {
        if (id == null || !Mailbox.ID_FORM.matcher(id).matches()) {
            throw RequestRefused.notFound("mailbox", id);
        }
        Mailbox mailbox = mailboxes.find(id).orElseThrow(() -> RequestRefused.notFound("mailbox", id));
        if (!caller.readsAllOwners() && !caller.userId().equals(mailbox.ownerId())) {
            throw RequestRefused.notFound("mailbox", id);
        }
        return mailbox;
    }

    private Mailbox changeable(Caller caller, String id) {
        Mailbox mailbox = readable(caller, id);
        if (!caller.mayAccess(mailbox.ownerId())) {
            throw RequestRefused.forbidden("ops may read mailboxes, not change them");
        }
        return mailbox;
    }

    /** Stops the sync and forgets the mailbox; what it recorded stays. */
    void delete(Caller caller, String id) {
        changeable(caller, id);
        mailboxes.delete(id);
        log.info("Mailbox deleted mailboxId={}", id);
    }

    /**
     * Reads every folder again from {@code since} (a FAILING mailbox is tried again at once): what
     * was recorded is known by its externalIds, so nothing is recorded twice.
     */
    Mailbox resync(Caller caller, String id, Instant since) {
        Instant now = clock.instant();
        if (since == null) {
            throw RequestRefused.invalid("since", "is required: the instant to read the mailbox from");
        }
        if (since.isAfter(now)) {
            throw RequestRefused.invalid("since", "must not be in the future");
        }
        if (since.isBefore(now.minus(Duration.ofDays(properties.maxBackfillDays())))) {
            throw RequestRefused.invalid("since", "must be within " + properties.maxBackfillDays() + " days");
        }
        for (int tries = 0; tries < 5; tries++) {
            Mailbox mailbox = changeable(caller, id);
            Map<Role, Checkpoint> checkpoints = new EnumMap<>(Role.class);
            for (Role role : mailbox.roles()) {
                Checkpoint known = mailbox.checkpoints().get(role);
                // the UIDVALIDITY stays: a resync that meets a changed one reads from the horizon anyway
                checkpoints.put(
                        role,
                        Checkpoint.backfill(
                                mailbox.folders().of(role), known == null ? null : known.uidValidity(), since));
            }
            if (mailboxes.resync(id, mailbox.generation(), checkpoints)) {
                log.info("Mailbox resync asked mailboxId={} since={}", id, since);
                syncer.offer(id);
                return readable(caller, id);
            }
        }
        throw RequestRefused.conflict("the mailbox is being changed concurrently; try again", Map.of());
    }

    private static String host(String value, List<Violation> violations) {
        String host = text("host", value, MAX_HOST, true, violations);
        if (host == null) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!HOST_FORM.matcher(host).matches()) {
            violations.add(new Violation("host", "must be a host name or an IP address, without scheme, port or path"));
            return null;
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static int port(Integer value, Security security, List<Violation> violations) {
        if (value == null) {
            return security == Security.TLS ? 993 : 143;
        }
        if (value < 1 || value > 65535) {
            violations.add(new Violation("port", "must be 1 to 65535"));
        }
        return value;
    }

    private static String text(String field, String value, int max, boolean required, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(new Violation(field, "is required"));
            }
            return null;
        }
        if (value.length() > max) {
            violations.add(new Violation(field, "must be at most " + max + " characters"));
            return null;
        }
        return value.strip();
    }

    private static String folder(String field, String value, List<Violation> violations) {
        String name = text(field, value, MAX_FOLDER, false, violations);
        if (name != null && name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '*' || c == '%')) {
            violations.add(new Violation(field, "must be a folder's name, without control characters, * or %"));
            return null;
        }
        return name;
    }

    /** The owner's address: as given, else the username if it is one. */
    private static String address(String value, String username, List<Violation> violations) {
        if (value != null && !value.isBlank()) {
            return emailAddress("address", value, violations);
        }
        if (username != null && username.contains("@")) {
            List<Violation> ignored = new ArrayList<>();
            String fromUsername = emailAddress("address", username, ignored);
            if (ignored.isEmpty()) {
                return fromUsername;
            }
        }
        if (username != null) {
            violations.add(new Violation("address", "is required: the username is not an email address"));
        }
        return null;
    }

    private static List<String> aliases(List<String> values, List<Violation> violations) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ALIASES) {
            violations.add(new Violation("aliases", "must hold at most " + MAX_ALIASES + " addresses"));
            return List.of();
        }
        LinkedHashSet<String> aliases = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String alias = emailAddress("aliases[" + i + "]", values.get(i), violations);
            if (alias != null) {
                aliases.add(alias);
            }
        }
        return List.copyOf(aliases);
    }

    private static String emailAddress(String field, String value, List<Violation> violations) {
        if (value == null || value.isBlank() || value.length() > MAX_USERNAME) {
            violations.add(new Violation(field, "must be an email address"));
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(value.strip(), true);
            if (address.getAddress() == null || !address.getAddress().contains("@") || address.getPersonal() != null) {
                violations.add(new Violation(field, "must be an email address such as jo@example.com"));
                return null;
            }
            return address.getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            violations.add(new Violation(field, "must be an email address such as jo@example.com"));
            return null;
        }
    }
}
