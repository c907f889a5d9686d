package com.keepintouch.notifier.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on loopback that keeps what it is sent. */
public final class Mailbox implements AutoCloseable {

    private final int port;
    private volatile GreenMail greenMail;

    private Mailbox(int port) {
        this.port = port;
        startServer();
    }

    public static Mailbox start() {
        int port;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Mailbox(port);
    }

    public int port() {
        return port;
    }

    /** Starts the SMTP server again on the same port (after {@link #stopServer}); what it kept is gone. */
    public void startServer() {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        greenMail = mail;
    }

    public List<MimeMessage> to(String address) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(r -> r.toString().equalsIgnoreCase(address));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    public void stopServer() {
        greenMail.stop();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** The text of a message: every text/plain part, concatenated, its lines ending in \n as rendered (SMTP sends \r\n). */
    public static String text(MimeMessage message) {
        try {
            return collect(message.getContent(), "text/plain").replace("\r\n", "\n");
        } catch (java.io.IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTML of a message: every text/html part, concatenated. */
    public static String html(MimeMessage message) {
        try {
            return collect(message.getContent(), "text/html");
        } catch (java.io.IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String collect(Object content, String type)
            throws java.io.IOException, jakarta.mail.MessagingException {
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    out.append(part.getContent());
                } else if (part.getContent() instanceof jakarta.mail.Multipart) {
                    out.append(collect(part.getContent(), type));
                }
            }
            return out.toString();
        }
        return type.equals("text/plain") && content instanceof String text ? text : "";
    }
}
