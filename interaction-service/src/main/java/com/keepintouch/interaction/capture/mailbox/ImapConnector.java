package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.mailbox.Mailbox.Auth;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Security;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Server;
import com.keepintouch.interaction.capture.mailbox.SyncFailure.Kind;
import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.security.AddressPolicy;
import com.keepintouch.platform.security.TargetGuard;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.springframework.stereotype.Component;

/**
 * Opens IMAP connections with Jakarta Mail: time limits on connecting, reading and writing, TLS as
 * the mailbox asks (STARTTLS required when asked for), the server's name checked against its
 * certificate, and the host checked against the address policy before every connection, because
 * what a name resolves to can change. Failures become {@link SyncFailure}s in words a person reads.
 */
@Component
class ImapConnector {

    private final MailboxesProperties properties;
    private final AddressPolicy policy;
    private final TargetGuard.Resolver resolver = TargetGuard.Resolver.system();

    ImapConnector(MailboxesProperties properties) {
        this.properties = properties;
        this.policy = properties.addressPolicy();
    }

    /** Why a mailbox may not be on {@code host}, or empty when it may (every address it resolves to must be allowed). */
    Optional<String> hostRefusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + Quoted.of(host) + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refusal(address);
            if (refused.isPresent()) {
                return Optional.of(Quoted.of(host) + " resolves to " + address.getHostAddress() + ", a " + refused.get()
                        + " address; mailboxes may not be on it");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every address of {@code host} is in {@code kit.capture.mailboxes.allowed-networks}: only
     * there may a password cross the network without TLS.
     */
    boolean onAllowedNetwork(String host) {
        try {
            return Arrays.stream(resolver.resolve(host))
                    .allMatch(a -> properties.allowedNetworks().stream()
                            .map(AddressPolicy.Cidr::parse)
                            .anyMatch(cidr -> cidr.contains(a)));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A logged-in connection; the caller closes it. */
    IMAPStore connect(Server server, String username, Auth auth, String secret) {
        Optional<String> refusal = hostRefusal(server.host());
        if (refusal.isPresent()) {
            throw new SyncFailure(Kind.REFUSED_HOST, refusal.get(), false);
        }
        String protocol = server.security() == Security.TLS ? "imaps" : "imap";
        String prefix = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.store.protocol", protocol);
        props.put(prefix + "connectiontimeout", millis(properties.connectTimeout()));
        props.put(prefix + "timeout", millis(properties.timeout()));
        props.put(prefix + "writetimeout", millis(properties.writeTimeout()));
        // headers only, and never a flag changed: reading must not mark anything seen
        props.put(prefix + "peek", "true");
        if (server.security() == Security.STARTTLS) {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        if (server.security() != Security.NONE) {
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        if (auth == Auth.OAUTH2) {
            props.put(prefix + "auth.mechanisms", "XOAUTH2");
        }
        try {
            IMAPStore store = (IMAPStore) Session.getInstance(props).getStore(protocol);
            store.connect(server.host(), server.port(), username, secret);
            return store;
        } catch (MessagingException e) {
            throw failure(e, server);
        }
    }

    /** The folder the server marks as sent mail (RFC 6154 {@code \Sent}), else "Sent" if it exists, else null. */
    static String findSentFolder(IMAPStore store) throws MessagingException {
        for (Folder folder : store.getDefaultFolder().list("*")) {
            if (folder instanceof IMAPFolder imap
                    && Arrays.asList(imap.getAttributes()).contains("\\Sent")) {
                return folder.getFullName();
            }
        }
        return store.getFolder("Sent").exists() ? "Sent" : null;
    }

    /** What went wrong with {@code server}, in words; never the exception's own message, which may name internals. */
    SyncFailure failure(Exception e, Server server) {
        if (e instanceof SyncFailure failure) {
            return failure;
        }
        if (e instanceof AuthenticationFailedException) {
            return new SyncFailure(
                    Kind.LOGIN,
                    "the IMAP server (" + server + ") refused the login; check the username and the password or token",
                    false);
        }
        if (e instanceof FolderNotFoundException missing) {
            String name = missing.getFolder() == null
                    ? ""
                    : " " + Quoted.of(missing.getFolder().getFullName());
            return new SyncFailure(Kind.FOLDER, "the folder" + name + " does not exist on " + server, false);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return new SyncFailure(
                        Kind.UNREACHABLE,
                        "the IMAP server could not be reached (" + server + "): its host name cannot be resolved",
                        true);
            }
            if (t instanceof SocketTimeoutException) {
                return new SyncFailure(
                        Kind.TIMEOUT,
                        "the IMAP server could not be reached (" + server + "): it did not answer in time",
                        true);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new SyncFailure(
                        Kind.UNREACHABLE,
                        "the IMAP server could not be reached (" + server + "): nothing accepts connections there",
                        true);
            }
            if (t instanceof SSLException) {
                return new SyncFailure(
                        Kind.TLS,
                        "TLS with the IMAP server (" + server
                                + ") failed; check the security setting and the server's certificate",
                        true);
            }
            if (t instanceof IOException) {
                return new SyncFailure(
                        Kind.CONNECTION, "the connection to the IMAP server (" + server + ") broke off", true);
            }
        }
        if (e instanceof StoreClosedException || e instanceof FolderClosedException) {
            return new SyncFailure(Kind.CONNECTION, "the IMAP server (" + server + ") closed the connection", true);
        }
        if (e instanceof MessagingException) {
            if (e.getMessage() != null && e.getMessage().contains("STARTTLS")) {
                return new SyncFailure(
                        Kind.TLS,
                        "the IMAP server (" + server
                                + ") does not offer STARTTLS; choose TLS or a server that offers it",
                        false);
            }
            return new SyncFailure(Kind.SERVER, "the IMAP server (" + server + ") answered with an error", true);
        }
        return new SyncFailure(Kind.RECORDING, "recording the mailbox's mail failed; it is tried again", true);
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
