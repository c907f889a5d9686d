package com.keepintouch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.keepintouch.testkit.Dovecot;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mail generator and the header-fetch ceiling against both IMAP servers of the tests: what is
 * appended is read back whole, message by message, and looks like a year of real mail.
 */
class MailHistoryIT {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()); // not the stack's 3143

    @RegisterExtension
    static final Dovecot DOVECOT = new Dovecot();

    private static final int MESSAGES = Integer.getInteger("bench.mailhistory.messages", 2_000);

    private static final List<String> PEOPLE = IntStream.range(0, 100)
            .mapToObj(i -> "person" + i + "@people.bench.example")
            .toList();

    private final MailHistory history =
            MailHistory.generate("owner@bench.example", PEOPLE, MESSAGES, 0.3, Instant.now(), 7);

    @Test
    void appendsAHistoryToGreenMailAndReadsEveryHeaderBack() throws Exception {
        GREENMAIL.setUser("owner@bench.example", "owner", "secret");
        try (Store store = connect(GREENMAIL.getImap().getPort(), "owner", "secret")) {
            appendAndReadBack("GreenMail", store);
        }
    }

    @Test
    void appendsAHistoryToDovecotAndReadsEveryHeaderBack() throws Exception {
        Dovecot.Account owner = DOVECOT.user("owner");
        try (Store store = connect(DOVECOT.port(), owner.username(), owner.password())) {
            appendAndReadBack("Dovecot", store);
        }
    }

    @Test
    void looksLikeAYearOfMail() {
        List<MailHistory.Mail> mails = history.mails();
        long replies = mails.stream().filter(m -> m.inReplyTo() != null).count();
        long automated = mails.stream().filter(MailHistory.Mail::automated).count();
        long crowded = mails.stream().filter(m -> m.recipients().size() == 25).count();

        assertThat(mails).hasSize(MESSAGES);
        assertThat(mails.stream().map(MailHistory.Mail::messageId).distinct()).hasSize(MESSAGES);
        assertThat(mails.get(0).date()).isBefore(Instant.now().minusSeconds(360L * 86_400));
        assertThat(mails).isSortedAccordingTo((a, b) -> a.date().compareTo(b.date()));
        assertThat(replies).isBetween(MESSAGES / 5L, MESSAGES / 2L);
        assertThat(automated).isBetween(MESSAGES / 20L, MESSAGES / 5L);
        assertThat(crowded).isPositive();
        // a reply answers a message that came before it, and its References end with that message
        assertThat(mails.stream().filter(m -> m.inReplyTo() != null))
                .allSatisfy(reply -> assertThat(reply.references()).last().isEqualTo(reply.inReplyTo()));

        MailHistory.Expected expected = history.expected(PEOPLE.subList(0, 60));
        assertThat(expected.interactions()).isPositive();
        assertThat(expected.automated()).isEqualTo((int) automated);
        assertThat(expected.touches().keySet())
                .allSatisfy(a -> assertThat(PEOPLE.subList(0, 60)).contains(a));
    }

    private void appendAndReadBack(String server, Store store) throws MessagingException {
        long t0 = System.nanoTime();
        history.appendTo(store.getFolder("INBOX"), 500);
        double appendSeconds = (System.nanoTime() - t0) / 1e9;

        HeaderFetch.Result read = HeaderFetch.all(store, "INBOX", 1_000);

        System.out.printf(
                "mail history, %s: %d messages appended in %.1f s, headers fetched at %.0f messages/s%n",
                server, MESSAGES, appendSeconds, read.perSecond());
        assertThat(read.messages()).isEqualTo(MESSAGES);
        assertThat(read.messageIds()).isEqualTo(MESSAGES);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessage(1).getHeader("Message-ID"))
                .containsExactly("<" + history.mails().get(0).messageId() + ">");
        inbox.close(false);
    }

    private static Store connect(int port, String user, String password) throws MessagingException {
        return Imap.connect("127.0.0.1", port, user, password);
    }
}
