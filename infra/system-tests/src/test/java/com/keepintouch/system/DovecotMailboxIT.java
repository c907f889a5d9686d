package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.Dovecot;
import com.keepintouch.testkit.HttpApi.Response;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A mailbox on Dovecot, a real IMAP server other than the stack's GreenMail, synced by the whole
 * system: three emails the owner sent a contact (her Sent folder) make the contact
 * NON_RESPONSIVE at reminder-service; the contact's reply arriving in her INBOX is recorded as an
 * inbound email that answers the last of them, and the relationship recovers.
 */
class DovecotMailboxIT {

    @RegisterExtension
    static final Dovecot DOVECOT = new Dovecot();

    @BeforeAll
    static void stack() {
        SystemStack.healthy();
    }

    @Test
    void aReplyInTheInboxAnswersTheLastEmailOfTheSentFolder() throws Exception {
        People dora = People.recruiter("dora");
        Dovecot.Account account = DOVECOT.user(dora.email());
        SystemStack.SECRETS.add(account.password());
        String jill = "jill-" + UUID.randomUUID().toString().substring(0, 8) + "@people.example";
        Response contact = dora.contacts().post("/api/contacts", """
                {"name":"Jill Summers","emails":["%s"],"cadenceDays":30,"tier":"REGULAR"}""".formatted(jill));
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        String contactId = contact.json().path("id").asString();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> outbound = List.of(run + ".1@dora.example", run + ".2@dora.example", run + ".3@dora.example");
        try (Store store = connect(account)) {
            Folder sent = store.getFolder("Sent");
            sent.create(Folder.HOLDS_MESSAGES);
            Message[] asked = new Message[outbound.size()];
            for (int i = 0; i < asked.length; i++) {
                asked[i] = email(
                        outbound.get(i),
                        dora.email(),
                        jill,
                        i == 0 ? "Coffee next week?" : "Re: Coffee next week?",
                        now.minus(Duration.ofDays(15 - 5L * i)),
                        outbound.subList(0, i));
            }
            sent.appendMessages(asked);
        }

        Response mailbox = dora.interactions().post("/api/mailboxes", """
                {"host":"%s","port":%d,"security":"NONE","username":"%s","password":"%s",
                 "folders":{"inbox":"INBOX","sent":"Sent"}}""".formatted(
                        DOVECOT.host(), DOVECOT.port(), account.username(), account.password()));
        assertThat(mailbox.status()).as(mailbox.toString()).isEqualTo(201);
        assertThat(mailbox.body()).doesNotContain(account.password());

        // Three emails without an answer: the contact does not respond.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(emails(dora, contactId)).hasSize(3);
            assertThat(dora.status(contactId)).isEqualTo("NON_RESPONSIVE");
        });

        // Jill answers the last one; the mailbox is synced already, so the new mail comes by IDLE or the next round.
        try (Store store = connect(account)) {
            store.getFolder("INBOX").appendMessages(new Message[] {
                email(
                        run + ".reply@people.example",
                        jill,
                        dora.email(),
                        "Re: Coffee next week?",
                        now.minus(Duration.ofHours(2)),
                        outbound)
            });
        }

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(emails(dora, contactId)).hasSize(4));
        List<JsonNode> emails = emails(dora, contactId);
        assertThat(emails).allSatisfy(email -> {
            assertThat(email.path("type").asString()).isEqualTo("EMAIL");
            assertThat(email.path("source").asString()).isEqualTo("MAILBOX");
        });
        assertThat(emails.stream().filter(e -> e.path("direction").asString().equals("OUTBOUND")))
                .hasSize(3);
        JsonNode reply = emails.stream()
                .filter(e -> e.path("direction").asString().equals("INBOUND"))
                .findFirst()
                .orElseThrow();
        JsonNode lastAsked = emails.stream()
                .filter(e -> e.path("direction").asString().equals("OUTBOUND"))
                .max((a, b) -> Instant.parse(a.path("occurredAt").asString())
                        .compareTo(Instant.parse(b.path("occurredAt").asString())))
                .orElseThrow();
        assertThat(reply.path("inReplyTo").path("interactionId").asString())
                .isEqualTo(lastAsked.path("id").asString());
        assertThat(Instant.parse(reply.path("inReplyTo").path("occurredAt").asString()))
                .isEqualTo(now.minus(Duration.ofDays(5)));
        assertThat(reply.path("summary").asString()).isEqualTo("Re: Coffee next week?");

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(dora.status(contactId)).isNotEqualTo("NON_RESPONSIVE"));
        JsonNode relationship =
                dora.reminders().get("/api/relationships/" + contactId).json();
        assertThat(relationship.path("unansweredOutreaches").asInt()).isZero();
        assertThat(Instant.parse(relationship.path("lastTouchAt").asString()))
                .isEqualTo(now.minus(Duration.ofHours(2)));
    }

    private static List<JsonNode> emails(People owner, String contactId) {
        Response page = owner.interactions().get("/api/interactions?contactId=" + contactId + "&limit=50");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<JsonNode> emails = new ArrayList<>();
        page.json().path("items").forEach(emails::add);
        return emails;
    }

    private static Store connect(Dovecot.Account account) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(DOVECOT.host(), DOVECOT.port(), account.username(), account.password());
        return store;
    }

    /** An email as a mail client writes it; {@code thread} are the Message-IDs it follows, oldest first. */
    private static MimeMessage email(
            String messageId, String from, String to, String subject, Instant date, List<String> thread)
            throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setSentDate(Date.from(date));
        if (!thread.isEmpty()) {
            message.setHeader("In-Reply-To", "<" + thread.get(thread.size() - 1) + ">");
            message.setHeader(
                    "References",
                    String.join(" ", thread.stream().map(id -> "<" + id + ">").toList()));
        }
        message.setText("Hi!");
        message.saveChanges();
        return message;
    }
}
