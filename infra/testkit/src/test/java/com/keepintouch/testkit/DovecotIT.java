package com.keepintouch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Dovecot fixture is a real IMAP server as mailbox sync meets one: Jakarta Mail logs in over
 * plain IMAP, STARTTLS and TLS, appends, reads UIDVALIDITY and the UIDs back, fetches headers by
 * name, and finds IDLE offered.
 */
class DovecotIT {

    @RegisterExtension
    static final Dovecot DOVECOT = new Dovecot();

    @Test
    void keepsAppendedMessagesUnderStableUidsAndOffersIdle() throws Exception {
        Dovecot.Account alice = DOVECOT.user("alice");
        try (IMAPStore store = connect("imap", DOVECOT.port(), alice, new Properties())) {
            assertThat(store.hasCapability("IDLE")).isTrue();
            assertThat(store.hasCapability("UIDPLUS")).isTrue();

            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Session session = Session.getInstance(new Properties());
            Message[] messages = {
                message(session, "first@test.example", "Hello"),
                message(session, "second@test.example", "Re: Hello"),
                message(session, "third@test.example", "Re: Re: Hello")
            };
            AppendUID[] appended = inbox.appendUIDMessages(messages);
            long uidValidity = inbox.getUIDValidity();

            assertThat(uidValidity).isPositive();
            assertThat(appended).allSatisfy(uid -> assertThat(uid.uidvalidity).isEqualTo(uidValidity));
            long[] uids = Arrays.stream(appended).mapToLong(uid -> uid.uid).toArray();
            assertThat(uids).isSorted().doesNotHaveDuplicates();

            Message[] read = inbox.getMessagesByUID(1, UIDFolder.LASTUID);
            FetchProfile headers = new FetchProfile();
            headers.add(UIDFolder.FetchProfileItem.UID);
            headers.add("Message-ID");
            headers.add("Subject");
            inbox.fetch(read, headers);
            assertThat(read).hasSize(3);
            assertThat(Arrays.stream(read).mapToLong(m -> uid(inbox, m)).toArray())
                    .containsExactly(uids);
            assertThat(Arrays.stream(read).map(m -> header(m, "Message-ID")).toList())
                    .containsExactly("<first@test.example>", "<second@test.example>", "<third@test.example>");
            inbox.close(false);
        }
        // A second session sees the same UIDVALIDITY: nothing was renumbered.
        try (IMAPStore store = connect("imap", DOVECOT.port(), alice, new Properties())) {
            UIDFolder inbox = (UIDFolder) store.getFolder("INBOX");
            ((Folder) inbox).open(Folder.READ_ONLY);
            assertThat(inbox.getUIDNext()).isEqualTo(4);
        }
    }

    @Test
    void keepsEachUsersMailAndFoldersApart() throws Exception {
        Dovecot.Account bob = DOVECOT.user("bob");
        Dovecot.Account carol = DOVECOT.user("carol");
        try (IMAPStore store = connect("imap", DOVECOT.port(), bob, new Properties())) {
            Folder sent = store.getFolder("Sent");
            assertThat(sent.create(Folder.HOLDS_MESSAGES)).isTrue();
            sent.appendMessages(
                    new Message[] {message(Session.getInstance(new Properties()), "out@test.example", "Out")});
        }
        try (IMAPStore store = connect("imap", DOVECOT.port(), carol, new Properties())) {
            assertThat(store.getFolder("Sent").exists()).isFalse();
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isZero();
        }
        try (IMAPStore store = connect("imap", DOVECOT.port(), bob, new Properties())) {
            Folder sent = store.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            assertThat(sent.getMessageCount()).isEqualTo(1);
        }
    }

    @Test
    void speaksStartTlsAndTlsWithItsCertificate() throws Exception {
        Dovecot.Account dave = DOVECOT.user("dave");
        Properties startTls = new Properties();
        startTls.put("mail.imap.starttls.required", "true");
        startTls.put("mail.imap.ssl.trust", DOVECOT.host());
        try (IMAPStore store = connect("imap", DOVECOT.port(), dave, startTls)) {
            assertThat(store.isConnected()).isTrue();
        }
        Properties tls = new Properties();
        tls.put("mail.imaps.ssl.trust", DOVECOT.host());
        try (IMAPStore store = connect("imaps", DOVECOT.tlsPort(), dave, tls)) {
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
        assertThat(DOVECOT.certificate()).content().startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void refusesAWrongPassword() {
        Dovecot.Account erin = DOVECOT.user("erin");
        assertThatThrownBy(() -> connect(
                                "imap",
                                DOVECOT.port(),
                                new Dovecot.Account(erin.username(), "not-" + erin.password()),
                                new Properties())
                        .close())
                .isInstanceOf(AuthenticationFailedException.class);
    }

    private static IMAPStore connect(String protocol, int port, Dovecot.Account account, Properties properties)
            throws MessagingException {
        properties.put("mail." + protocol + ".connectiontimeout", "5000");
        properties.put("mail." + protocol + ".timeout", "10000");
        IMAPStore store = (IMAPStore) Session.getInstance(properties).getStore(protocol);
        store.connect(DOVECOT.host(), port, account.username(), account.password());
        return store;
    }

    private static MimeMessage message(Session session, String messageId, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        message.setFrom(new InternetAddress("owner@test.example"));
        message.setRecipients(
                Message.RecipientType.TO,
                List.of(new InternetAddress("friend@test.example")).toArray(InternetAddress[]::new));
        message.setSubject(subject);
        message.setSentDate(Date.from(Instant.parse("2026-11-02T10:15:30Z")));
        message.setText("body");
        message.saveChanges();
        return message;
    }

    private static long uid(UIDFolder folder, Message message) {
        try {
            return folder.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(Message message, String name) {
        try {
            return message.getHeader(name)[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
