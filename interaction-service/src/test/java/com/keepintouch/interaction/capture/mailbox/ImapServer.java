package com.keepintouch.interaction.capture.mailbox;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A real IMAP server (GreenMail) on loopback, reached through a TCP relay that a test takes down
 * and brings back on the same port: the server's mail stays while clients meet a dead address.
 */
final class ImapServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final Relay relay;

    private ImapServer(GreenMail greenMail, Relay relay) {
        this.greenMail = greenMail;
        this.relay = relay;
    }

    static ImapServer start() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        mail.start();
        return new ImapServer(mail, new Relay(mail.getImap().getPort()));
    }

    /**
     * Awaitility as these tests need it. GreenMail's connection threads throw when the relay cuts
     * their connections (a server going down, a mailbox deleted mid-sync); that is the point of
     * the test, so an exception on another thread must not fail the wait.
     */
    static ConditionFactory await() {
        return Awaitility.await().dontCatchUncaughtExceptions();
    }

    /** The port clients connect to (the relay's). */
    int port() {
        return relay.port;
    }

    GreenMailUser user(String email, String password) {
        return greenMail.setUser(email, email, password);
    }

    MailFolder folder(GreenMailUser user, String name) {
        try {
            if (name.equals("INBOX")) {
                return greenMail.getManagers().getImapHostManager().getInbox(user);
            }
            MailFolder existing = greenMail.getManagers().getImapHostManager().getFolder(user, name);
            return existing != null
                    ? existing
                    : greenMail.getManagers().getImapHostManager().createMailbox(user, name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the folder and makes it again: a new UIDVALIDITY (GreenMail counts it in seconds). */
    MailFolder recreate(GreenMailUser user, String name) {
        try {
            greenMail.getManagers().getImapHostManager().deleteMailbox(user, name);
            return greenMail.getManagers().getImapHostManager().createMailbox(user, name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message as a mail client would store it, with only the headers that matter here. */
    static MimeMessage message(
            String messageId,
            String from,
            List<String> to,
            String subject,
            Instant date,
            String inReplyTo,
            List<String> references,
            Map<String, String> extraHeaders) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(from));
            for (String address : to) {
                message.addRecipient(RecipientType.TO, new InternetAddress(address));
            }
            message.setSubject(subject);
            message.setSentDate(Date.from(date));
            message.setText("The body is never read by the sync.");
            message.saveChanges();
            message.setHeader("Message-ID", "<" + messageId + ">");
            if (inReplyTo != null) {
                message.setHeader("In-Reply-To", "<" + inReplyTo + ">");
            }
            if (references != null && !references.isEmpty()) {
                message.setHeader(
                        "References",
                        String.join(
                                " ", references.stream().map(r -> "<" + r + ">").toList()));
            }
            for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
                message.setHeader(header.getKey(), header.getValue());
            }
            return message;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void append(MailFolder folder, MimeMessage message, Instant received) {
        folder.appendMessage(message, new Flags(), Date.from(received));
    }

    /** Clients meet a closed port, and open connections are cut. */
    void down() {
        relay.down();
    }

    void up() {
        relay.up();
    }

    @Override
    public void close() {
        relay.down();
        greenMail.stop();
    }

    /** Copies bytes between clients and the server, until taken down. */
    private static final class Relay {

        private final int target;
        private final int port;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile ServerSocket server;

        Relay(int target) {
            this.target = target;
            this.port = bind(0).getLocalPort();
        }

        private ServerSocket bind(int at) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", at));
                server = socket;
                Thread accept = new Thread(() -> accept(socket), "imap-relay-accept");
                accept.setDaemon(true);
                accept.start();
                return socket;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void accept(ServerSocket socket) {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket upstream = new Socket("127.0.0.1", target);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return; // taken down
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread thread = new Thread(
                    () -> {
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // one side closed: close the other
                        } finally {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    },
                    "imap-relay-pump");
            thread.setDaemon(true);
            thread.start();
        }

        void down() {
            ServerSocket socket = server;
            if (socket != null) {
                closeQuietly(socket);
            }
            open.forEach(Relay::closeQuietly);
            open.clear();
        }

        void up() {
            bind(port);
        }

        private static void closeQuietly(java.io.Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
