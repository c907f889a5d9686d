package com.keepintouch.interaction.capture.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.interaction.capture.CaptureOutcome;
import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.MessageCapture;
import com.keepintouch.interaction.capture.MessageHeaders;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ContactEventsFixture;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The capture address end to end: a real SMTP client (Jakarta Mail's transport) sends to the
 * listener on a free port, and what was recorded is read back through the API, on real Kafka and
 * the Mongo wire server.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.capture.smtp.enabled=true",
            "kit.capture.smtp.port=0",
            "kit.capture.smtp.max-message-size=64KB",
            "kit.capture.smtp.max-header-size=8KB"
        })
@WithInfrastructure
class CaptureAddressIT {

    /** Every query of this test is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(
                List.of("capture_addresses", "interactions", "known_contacts", "capture_unmatched"));
    }

    @LocalServerPort
    int port;

    @Autowired
    CaptureSmtpListener listener;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    ContactDirectory directory;

    @Autowired
    MessageCapture capture;

    @Autowired
    MeterRegistry meters;

    static String newOwner() {
        return "o" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    String captureAddress(String owner) {
        Response response = as(owner).get("/api/capture/address");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("address").asString();
    }

    /** A contact of {@code owner} with this address, once the projection knows it by it. */
    String contact(String owner, String email) {
        String id = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ContactEventsFixture.publish(kafka, "contact.created", id, owner, 1, List.of(email));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> directory.findByEmails(owner, List.of(email)).stream()
                        .anyMatch(c -> c.contactId().equals(id)));
        return id;
    }

    List<JsonNode> interactions(String owner, String contactId) {
        Response response = as(owner).get("/api/interactions?contactId=" + contactId);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("items").valueStream().toList();
    }

    Session mail() {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(listener.port()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        return Session.getInstance(properties);
    }

    /** A message whose Message-ID stays as given when it is sent (Jakarta Mail would make its own). */
    MimeMessage message(String messageId, String from, String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(mail()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setSentDate(java.util.Date.from(Instant.parse("2026-11-30T09:30:00Z")));
        message.setText("Hello, shall we meet next week? This body is never read.");
        return message;
    }

    /** Sends {@code message} to these envelope recipients; the SMTP reply code of the last command. */
    int send(MimeMessage message, String... recipients) throws MessagingException {
        message.saveChanges();
        Address[] to = new Address[recipients.length];
        for (int i = 0; i < recipients.length; i++) {
            to[i] = new InternetAddress(recipients[i]);
        }
        try (SMTPTransport transport = (SMTPTransport) mail().getTransport("smtp")) {
            transport.connect();
            try {
                transport.sendMessage(message, to);
            } catch (MessagingException refused) {
                return transport.getLastReturnCode();
            }
            return transport.getLastReturnCode();
        }
    }

    static String messageId() {
        return UUID.randomUUID() + "@mail.recruit.example";
    }

    double refused(String reason) {
        var counter =
                meters.find("kit.capture.smtp.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theAddressIsTheCallersStableUntilRotatedAndOpsHasNone() {
        String owner = newOwner();
        Response first = as(owner).get("/api/capture/address");

        assertThat(first.status()).isEqualTo(200);
        String address = first.json().path("address").asString();
        assertThat(address).matches("log\\+[a-z2-7]{26}@capture\\.keepintouch\\.local");
        assertThat(first.json().path("ownerId").asString()).isEqualTo(owner);
        assertThat(captureAddress(owner)).isEqualTo(address);
        assertThat(captureAddress(newOwner())).isNotEqualTo(address);

        Response rotated = as(owner).post("/api/capture/address/rotate", "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().path("address").asString()).isNotEqualTo(address);
        assertThat(captureAddress(owner))
                .isEqualTo(rotated.json().path("address").asString());

        Response ops = HttpApi.at(port).as(TestTokens.token("ops1", "ops")).get("/api/capture/address");
        assertThat(ops.status()).isEqualTo(403);
        assertThat(ops.json().path("detail").asString()).contains("recruiter");
    }

    @Test
    void aBccCopyOfAnOutboundEmailIsOneInteractionAlsoWhenTheMailboxSeesItToo() throws Exception {
        String owner = newOwner();
        String email = unique("jill");
        String contactId = contact(owner, email);
        String id = messageId();
        MimeMessage sent = message(id, owner + "@recruit.example", email, "Coffee next week?");

        assertThat(send(sent, captureAddress(owner))).isEqualTo(250);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !interactions(owner, contactId).isEmpty());
        List<JsonNode> recorded = interactions(owner, contactId);
        assertThat(recorded).hasSize(1);
        JsonNode touch = recorded.get(0);
        assertThat(touch.path("type").asString()).isEqualTo("EMAIL");
        assertThat(touch.path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(touch.path("source").asString()).isEqualTo("CAPTURE_ADDRESS");
        assertThat(touch.path("occurredAt").asString()).isEqualTo("2026-11-30T09:30:00Z");
        assertThat(touch.path("summary").asString()).isEqualTo("Coffee next week?");

        // The same message in the owner's Sent folder, as mailbox sync reads it: already known.
        MessageHeaders.Parsed parsed = MessageHeaders.parse(sent);
        CaptureOutcome again = capture.capture(
                owner,
                Set.of(owner + "@recruit.example"),
                ((MessageHeaders.Parsed.Valid) parsed).message(),
                CaptureSource.MAILBOX);
        assertThat(again.recorded()).isZero();
        assertThat(again.alreadyKnown()).isEqualTo(1);
        // and BCC'd twice, e.g. a resend by the sender's server
        assertThat(send(sent, captureAddress(owner))).isEqualTo(250);
        assertThat(interactions(owner, contactId)).hasSize(1);
    }

    @Test
    void mailBccdBeforeItsContactReachedThisServiceIsRecordedWhenTheContactArrives() throws Exception {
        String owner = newOwner();
        String email = unique("jill");
        String id = messageId();
        MimeMessage sent = message(id, owner + "@recruit.example", email, "Welcome aboard");

        // the contact was created a moment ago; contacts.v1 has not brought it here yet
        assertThat(send(sent, captureAddress(owner))).isEqualTo(250);
        String contactId = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ContactEventsFixture.publish(kafka, "contact.created", contactId, owner, 1, List.of(email));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !interactions(owner, contactId).isEmpty());
        List<JsonNode> recorded = interactions(owner, contactId);
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(recorded.get(0).path("source").asString()).isEqualTo("CAPTURE_ADDRESS");
        assertThat(recorded.get(0).path("externalId").asString()).isEqualTo(MessageCapture.externalId(contactId, id));
        assertThat(recorded.get(0).path("occurredAt").asString()).isEqualTo("2026-11-30T09:30:00Z");
        // BCC'd again now that the contact is known: the same interaction
        assertThat(send(sent, captureAddress(owner))).isEqualTo(250);
        assertThat(interactions(owner, contactId)).hasSize(1);
    }

    @Test
    void anUnknownTokenIsRefusedAtRcptAndNothingIsRecorded() throws Exception {
        String owner = newOwner();
        String email = unique("kim");
        String contactId = contact(owner, email);
        double before = refused("unknown_address");

        int code = send(
                message(messageId(), owner + "@recruit.example", email, "Hi"),
                "log+" + "a".repeat(26) + "@capture.keepintouch.local");

        assertThat(code).isEqualTo(550);
        assertThat(refused("unknown_address")).isEqualTo(before + 1);
        assertThat(interactions(owner, contactId)).isEmpty();
    }

    @Test
    void itRelaysNothing() throws Exception {
        String owner = newOwner();
        double before = refused("not_a_capture_address");

        assertThat(send(
                        message(messageId(), owner + "@recruit.example", "x@elsewhere.example", "Hi"),
                        "someone@elsewhere.example"))
                .isEqualTo(550);
        // nor for the capture domain in another form, nor the address of another domain with a valid token
        String address = captureAddress(owner);
        assertThat(send(
                        message(messageId(), owner + "@recruit.example", "x@elsewhere.example", "Hi"),
                        "postmaster@capture.keepintouch.local"))
                .isEqualTo(550);
        assertThat(send(
                        message(messageId(), owner + "@recruit.example", "x@elsewhere.example", "Hi"),
                        address.replace("capture.keepintouch.local", "elsewhere.example")))
                .isEqualTo(550);
        assertThat(refused("not_a_capture_address")).isEqualTo(before + 3);
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedWith552AndNothingIsRecorded() throws Exception {
        String owner = newOwner();
        String email = unique("lee");
        String contactId = contact(owner, email);
        MimeMessage large = message(messageId(), owner + "@recruit.example", email, "The deck");
        large.setText("x".repeat(100 * 1024));

        assertThat(send(large, captureAddress(owner))).isEqualTo(552);

        assertThat(interactions(owner, contactId)).isEmpty();
        // a message within the limit still gets through
        assertThat(send(message(messageId(), owner + "@recruit.example", email, "The link"), captureAddress(owner)))
                .isEqualTo(250);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> interactions(owner, contactId).size() == 1);
    }

    @Test
    void afterARotationTheOldAddressRefusesMail() throws Exception {
        String owner = newOwner();
        String email = unique("max");
        String contactId = contact(owner, email);
        String old = captureAddress(owner);
        String current = as(owner)
                .post("/api/capture/address/rotate", "")
                .json()
                .path("address")
                .asString();

        assertThat(send(message(messageId(), owner + "@recruit.example", email, "Hi"), old))
                .isEqualTo(550);
        assertThat(interactions(owner, contactId)).isEmpty();
        assertThat(send(message(messageId(), owner + "@recruit.example", email, "Hi"), current))
                .isEqualTo(250);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> interactions(owner, contactId).size() == 1);
    }

    @Test
    void automatedMailIsTakenButRecordsNothing() throws Exception {
        String owner = newOwner();
        String email = unique("nia");
        String contactId = contact(owner, email);
        MimeMessage automated = message(messageId(), owner + "@recruit.example", email, "Out of office");
        automated.setHeader("Auto-Submitted", "auto-replied");

        assertThat(send(automated, captureAddress(owner))).isEqualTo(250);

        assertThat(interactions(owner, contactId)).isEmpty();
    }

    @Test
    void anotherOwnersContactWithTheSameAddressIsUntouched() throws Exception {
        String alice = newOwner();
        String bob = newOwner();
        String email = unique("shared");
        String alicesContact = contact(alice, email);
        String bobsContact = contact(bob, email);

        assertThat(send(message(messageId(), alice + "@recruit.example", email, "Hi"), captureAddress(alice)))
                .isEqualTo(250);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> interactions(alice, alicesContact).size() == 1);
        assertThat(interactions(bob, bobsContact)).isEmpty();
    }

    @Test
    void aReplyFromAContactForwardedWithItsHeadersIsInbound() throws Exception {
        String owner = newOwner();
        String email = unique("oli");
        String contactId = contact(owner, email);

        // a redirect (or an auto-forward rule) keeps the contact's From and the owner's To
        assertThat(send(message(messageId(), email, owner + "@recruit.example", "Re: Coffee"), captureAddress(owner)))
                .isEqualTo(250);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> interactions(owner, contactId).size() == 1);
        assertThat(interactions(owner, contactId).get(0).path("direction").asString())
                .isEqualTo("INBOUND");
    }

    @Test
    void aHeaderBlockOverItsLimitIsRefusedWith552() throws Exception {
        String owner = newOwner();
        String email = unique("pat");
        String contactId = contact(owner, email);
        MimeMessage padded = message(messageId(), owner + "@recruit.example", email, "Hi");
        padded.setHeader("X-Padding", "p".repeat(9 * 1024));

        assertThat(send(padded, captureAddress(owner))).isEqualTo(552);

        assertThat(interactions(owner, contactId)).isEmpty();
    }
}
