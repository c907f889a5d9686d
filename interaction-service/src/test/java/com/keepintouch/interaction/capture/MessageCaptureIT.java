package com.keepintouch.interaction.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.MessageHeaders.Parsed;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ContactEventsFixture;
import com.keepintouch.interaction.contacts.ContactServiceStandIn;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.KafkaProbe;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Captured mail becoming interactions on real Kafka and the Mongo wire server: contacts arrive on
 * contacts.v1 (or from contact-service, stood in by a real HTTP server) with their addresses, and
 * what was recorded is read back through the API and from interactions.v1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class MessageCaptureIT {

    /** Every query capture made the service send is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "interactions",
                "contact_sequences",
                "interaction_external_ids",
                "known_contacts",
                "capture_unmatched"));
    }

    static final ContactServiceStandIn CONTACT_SERVICE = new ContactServiceStandIn();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void contactService(DynamicPropertyRegistry registry) {
        registry.add("kit.contacts.base-url", CONTACT_SERVICE::url);
    }

    @AfterAll
    static void stop() {
        CONTACT_SERVICE.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    MessageCapture capture;

    @Autowired
    ContactDirectory directory;

    @Autowired
    MeterRegistry meters;

    /** One owner per test, with a mailbox address of their own, so no test sees another's contacts. */
    record Owner(String id, String address) {
        Set<String> addresses() {
            return Set.of(address);
        }
    }

    static Owner newOwner() {
        String id = "o" + UUID.randomUUID().toString().substring(0, 8);
        return new Owner(id, id + "@recruit.example");
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    /** A contact of {@code owner} with these addresses, once the projection knows it by them. */
    String contact(String owner, String... emails) {
        String id = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ContactEventsFixture.publish(kafka, "contact.created", id, owner, 1, List.of(emails));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> directory.findByEmails(owner, List.of(emails[0])).stream()
                        .anyMatch(c -> c.contactId().equals(id)));
        return id;
    }

    static CapturedMessage message(String headerBlock) throws Exception {
        InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(
                (headerBlock.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return ((Parsed.Valid) MessageHeaders.parse(headers)).message();
    }

    static String messageId() {
        return UUID.randomUUID() + "@mail.example.com";
    }

    List<JsonNode> interactionsOf(String owner, String contactId) {
        JsonNode page =
                as(owner).get("/api/interactions?contactId=" + contactId).json();
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    double counted(CaptureSource source, String outcome) {
        var counter = meters.find("kit.capture.messages")
                .tags("source", source.name(), "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void headersAreReadWithAngusMailsStreamProviderWithoutAServiceLoaderScan() {
        assertThat(System.getProperty(MailStreamProvider.PROPERTY)).isEqualTo(MailStreamProvider.ANGUS);
        assertThat(jakarta.mail.util.StreamProvider.provider().getClass().getName())
                .isEqualTo(MailStreamProvider.ANGUS);
    }

    /** The messages of {@link #aBatchIsCapturedAsItsMessagesOneByOne}, for an owner with contacts at these addresses. */
    static List<CapturedMessage> mailOf(Owner owner, String jill, String bob, List<String> ids) throws Exception {
        String stranger = "stranger-" + owner.id() + "@example.org";
        List<CapturedMessage> mail = new ArrayList<>();
        // to a contact, then her reply to it within the same batch
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 09:00:00 +0000
                From: %s
                To: %s
                Subject: Coffee?""".formatted(ids.get(0), owner.address(), jill)));
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 10:00:00 +0000
                From: %s
                To: %s
                In-Reply-To: <%s>
                References: <%s>
                Subject: Re: Coffee?""".formatted(ids.get(1), jill, owner.address(), ids.get(0), ids.get(0))));
        // someone else's mail that cc'd a contact
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 10:05:00 +0000
                From: %s
                To: %s
                Cc: %s""".formatted(ids.get(2), stranger, "someone@example.org", bob)));
        // automated mail from a contact
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 10:10:00 +0000
                From: %s
                To: %s
                List-Id: <news.example.com>
                Subject: Newsletter""".formatted(ids.get(3), jill, owner.address())));
        // to nobody known: kept unmatched
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 10:15:00 +0000
                From: %s
                To: %s
                Subject: Hello""".formatted(ids.get(4), owner.address(), stranger)));
        // to both contacts
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 10:20:00 +0000
                From: %s
                To: %s, %s
                Subject: Dinner""".formatted(ids.get(5), owner.address(), jill, bob.toUpperCase())));
        // the first one again, as another folder has it
        mail.add(mail.get(0));
        // from a contact, cc'ing another: only the sender touched the owner
        mail.add(message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 10:25:00 +0000
                From: %s
                To: %s
                Cc: %s
                Subject: Re: Dinner""".formatted(ids.get(6), bob, owner.address(), jill)));
        return mail;
    }

    @Test
    void aBatchIsCapturedAsItsMessagesOneByOne() throws Exception {
        String jillAddress = unique("jill");
        String bobAddress = unique("bob");
        // two owners whose contacts have the same addresses: one captures the mail one by one, the other as a batch
        Owner single = newOwner();
        Owner batched = newOwner();
        List<String> singleIds = List.of(contact(single.id(), jillAddress), contact(single.id(), bobAddress));
        List<String> batchedIds = List.of(contact(batched.id(), jillAddress), contact(batched.id(), bobAddress));
        List<String> messageIds =
                IntStream.range(0, 7).mapToObj(n -> messageId()).toList();
        List<CapturedMessage> mail = mailOf(single, jillAddress, bobAddress, messageIds);
        List<CapturedMessage> batch = mailOf(batched, jillAddress, bobAddress, messageIds);
        double keptBefore = meters.counter("kit.capture.unmatched.stored").count();

        List<CaptureOutcome> oneByOne = new ArrayList<>();
        for (CapturedMessage m : mail) {
            oneByOne.add(capture.capture(single.id(), single.addresses(), m, CaptureSource.MAILBOX));
        }
        List<MessageCapture.Result> results =
                capture.captureAll(batched.id(), batched.addresses(), batch, CaptureSource.MAILBOX);

        assertThat(results).allSatisfy(r -> assertThat(r.refused()).isNull());
        assertThat(results.stream().map(MessageCapture.Result::outcome).toList())
                .isEqualTo(oneByOne)
                .containsExactly(
                        new CaptureOutcome(Skip.NONE, 1, 1, 0),
                        new CaptureOutcome(Skip.NONE, 1, 1, 0),
                        new CaptureOutcome(Skip.NOT_THE_OWNERS, 1, 0, 0),
                        new CaptureOutcome(Skip.AUTOMATED, 0, 0, 0),
                        new CaptureOutcome(Skip.NO_CONTACT, 0, 0, 0),
                        new CaptureOutcome(Skip.NONE, 2, 2, 0),
                        new CaptureOutcome(Skip.NONE, 1, 0, 1),
                        new CaptureOutcome(Skip.NONE, 1, 1, 0));
        assertThat(meters.counter("kit.capture.unmatched.stored").count() - keptBefore)
                .isEqualTo(2);
        for (int c = 0; c < 2; c++) {
            List<String> expected = described(interactionsOf(single.id(), singleIds.get(c)), singleIds.get(c));
            assertThat(described(interactionsOf(batched.id(), batchedIds.get(c)), batchedIds.get(c)))
                    .isEqualTo(expected)
                    .isNotEmpty();
        }

        // the batch again: every touch known, nothing more recorded
        assertThat(capture.captureAll(batched.id(), batched.addresses(), batch, CaptureSource.MAILBOX).stream()
                        .map(r -> r.outcome().recorded())
                        .toList())
                .containsOnly(0);
        assertThat(interactionsOf(batched.id(), batchedIds.get(0))).hasSize(3);
    }

    /** An owner's interactions with a contact, as what one by one and batched must agree on. */
    static List<String> described(List<JsonNode> interactions, String contactId) {
        return interactions.stream()
                .map(i -> String.join(
                        " ",
                        i.path("direction").asString(),
                        i.path("occurredAt").asString(),
                        i.path("summary").asString(),
                        i.path("externalId").asString().replace(contactId, "<contact>"),
                        i.path("inReplyTo").isObject()
                                ? i.path("inReplyTo").path("occurredAt").asString()
                                : "-"))
                .sorted()
                .toList();
    }

    @Test
    void anOutboundMessageToTwoContactsIsOneInteractionEachAndSeenAgainNothingMore() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String bobAddress = unique("bob");
        String jill = contact(alice.id(), jillAddress);
        String bob = contact(alice.id(), bobAddress);
        String id = messageId();
        CapturedMessage sent = message("""
                Message-ID: <%s>
                Date: Tue, 1 Dec 2026 09:15:30 +0000
                From: Alice <%s>
                To: Jill <%s>, stranger@example.org
                Cc: %s
                Subject: Coffee next week?""".formatted(id, alice.address(), jillAddress.toUpperCase(), bobAddress));
        double before = counted(CaptureSource.MAILBOX, "recorded");

        CaptureOutcome first = capture.capture(alice.id(), alice.addresses(), sent, CaptureSource.MAILBOX);

        assertThat(first).isEqualTo(new CaptureOutcome(Skip.NONE, 2, 2, 0));
        assertThat(counted(CaptureSource.MAILBOX, "recorded") - before).isEqualTo(1);
        for (String contactId : List.of(jill, bob)) {
            List<JsonNode> recorded = interactionsOf(alice.id(), contactId);
            assertThat(recorded).hasSize(1);
            JsonNode i = recorded.get(0);
            assertThat(i.path("type").asString()).isEqualTo("EMAIL");
            assertThat(i.path("direction").asString()).isEqualTo("OUTBOUND");
            assertThat(i.path("source").asString()).isEqualTo("MAILBOX");
            assertThat(i.path("summary").asString()).isEqualTo("Coffee next week?");
            assertThat(i.path("occurredAt").asString()).isEqualTo("2026-12-01T09:15:30Z");
            assertThat(i.path("externalId").asString()).isEqualTo("email/" + contactId + "/" + id);
            assertThat(i.path("inReplyTo").isNull()).isTrue();
        }

        // the same message again, from another folder or through the capture address: nothing new
        assertThat(capture.capture(alice.id(), alice.addresses(), sent, CaptureSource.MAILBOX))
                .isEqualTo(new CaptureOutcome(Skip.NONE, 2, 0, 2));
        assertThat(capture.capture(alice.id(), Set.of(), sent, CaptureSource.CAPTURE_ADDRESS))
                .isEqualTo(new CaptureOutcome(Skip.NONE, 2, 0, 2));
        assertThat(interactionsOf(alice.id(), jill)).hasSize(1);
        assertThat(interactionsOf(alice.id(), bob)).hasSize(1);
        assertThat(counted(CaptureSource.CAPTURE_ADDRESS, "known")).isPositive();
    }

    @Test
    void aReplyFromAContactAnswersTheOutboundMessageItNamesInInReplyTo() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);
        String asked = messageId();
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("""
                        Message-ID: <%s>
                        Date: Tue, 1 Dec 2026 09:00:00 +0000
                        From: %s
                        To: %s
                        Subject: Coffee?""".formatted(asked, alice.address(), jillAddress)),
                CaptureSource.MAILBOX);
        String outbound = interactionsOf(alice.id(), jill).get(0).path("id").asString();
        String answer = messageId();

        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            CaptureOutcome replied = capture.capture(
                    alice.id(),
                    alice.addresses(),
                    message("""
                            Message-ID: <%s>
                            Date: Tue, 1 Dec 2026 11:30:00 +0000
                            From: Jill <%s>
                            To: %s
                            Cc: %s
                            In-Reply-To: <%s>
                            References: <%s>
                            Subject: Re: Coffee?""".formatted(answer, jillAddress, alice.address(), unique("other"), asked, asked)),
                    CaptureSource.MAILBOX);

            assertThat(replied).isEqualTo(new CaptureOutcome(Skip.NONE, 1, 1, 0));
            JsonNode inbound = interactionsOf(alice.id(), jill).get(0);
            assertThat(inbound.path("direction").asString()).isEqualTo("INBOUND");
            assertThat(inbound.path("inReplyTo").path("interactionId").asString())
                    .isEqualTo(outbound);
            assertThat(inbound.path("inReplyTo").path("occurredAt").asString()).isEqualTo("2026-12-01T09:00:00Z");

            ConsumerRecord<String, String> record = probe.await(
                            1, r -> r.value().contains(inbound.path("id").asString()), Duration.ofSeconds(20))
                    .get(0);
            JsonNode event = JSON.readTree(record.value());
            assertThat(record.key()).isEqualTo(jill);
            assertThat(event.path("data").path("source").asString()).isEqualTo("MAILBOX");
            assertThat(event.path("data")
                            .path("inReplyTo")
                            .path("interactionId")
                            .asString())
                    .isEqualTo(outbound);
            assertThat(EventSchemas.load().violations(event)).isEmpty();
        }
    }

    @Test
    void aReplyNamingItsThreadOnlyInReferencesAnswersTheNewestOutboundMessageOfIt() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);
        String older = messageId();
        String newer = messageId();
        for (String id : List.of(older, newer)) {
            capture.capture(
                    alice.id(),
                    alice.addresses(),
                    message("Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Coffee?"
                            .formatted(id, alice.address(), jillAddress)),
                    CaptureSource.MAILBOX);
        }
        String newerInteraction = interactionsOf(alice.id(), jill).stream()
                .filter(i -> i.path("externalId").asString().endsWith(newer))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();

        capture.capture(
                alice.id(),
                alice.addresses(),
                message("""
                        Message-ID: <%s>
                        From: %s
                        To: %s
                        References: <%s> <unknown@elsewhere.example> <%s>
                         <not-seen@mail.example.com>""".formatted(messageId(), jillAddress, alice.address(), older, newer)),
                CaptureSource.MAILBOX);

        JsonNode inbound = interactionsOf(alice.id(), jill).stream()
                .filter(i -> i.path("direction").asString().equals("INBOUND"))
                .findFirst()
                .orElseThrow();
        assertThat(inbound.path("inReplyTo").path("interactionId").asString()).isEqualTo(newerInteraction);
    }

    @Test
    void aReplyToAnInboundMessageAnswersNothing() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);
        String first = messageId();
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(first, jillAddress, alice.address())),
                CaptureSource.MAILBOX);

        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nIn-Reply-To: <%s>"
                        .formatted(messageId(), jillAddress, alice.address(), first)),
                CaptureSource.MAILBOX);

        assertThat(interactionsOf(alice.id(), jill))
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.path("inReplyTo").isNull()).isTrue());
    }

    @Test
    void mailFromAnUnknownSenderRecordsNothing() throws Exception {
        Owner alice = newOwner();
        contact(alice.id(), unique("jill"));
        double before = counted(CaptureSource.MAILBOX, "no_contact");

        CaptureOutcome outcome = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Hello"
                        .formatted(messageId(), unique("stranger"), alice.address())),
                CaptureSource.MAILBOX);

        assertThat(outcome).isEqualTo(CaptureOutcome.skipped(Skip.NO_CONTACT, 0));
        assertThat(counted(CaptureSource.MAILBOX, "no_contact") - before).isEqualTo(1);
        assertThat(as(alice.id()).get("/api/interactions").json().path("items")).isEmpty();
    }

    @Test
    void anotherOwnersContactWithTheSameAddressIsNeverTouched() throws Exception {
        Owner alice = newOwner();
        Owner bob = newOwner();
        String shared = unique("jill");
        String bobsJill = contact(bob.id(), shared);

        CaptureOutcome fromJill = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(messageId(), shared, alice.address())),
                CaptureSource.MAILBOX);
        CaptureOutcome toJill = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(messageId(), alice.address(), shared)),
                CaptureSource.MAILBOX);

        assertThat(fromJill.skipped()).isEqualTo(Skip.NO_CONTACT);
        assertThat(toJill.skipped()).isEqualTo(Skip.NO_CONTACT);
        assertThat(interactionsOf(bob.id(), bobsJill)).isEmpty();

        // once alice has her own contact at that address, only hers is recorded: the two messages
        // kept for her (docs/capture.md, "Mail before its contact"), then each new one
        String alicesJill = contact(alice.id(), shared);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> interactionsOf(alice.id(), alicesJill).size() == 2);
        assertThat(capture.capture(
                                alice.id(),
                                alice.addresses(),
                                message("Message-ID: <%s>\nFrom: %s\nTo: %s"
                                        .formatted(messageId(), shared, alice.address())),
                                CaptureSource.MAILBOX)
                        .recorded())
                .isEqualTo(1);
        assertThat(interactionsOf(alice.id(), alicesJill)).hasSize(3);
        assertThat(interactionsOf(bob.id(), bobsJill)).isEmpty();
    }

    @Test
    void someoneElsesMailThatCopiedAContactIsNotTheOwnersTouch() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);

        CaptureOutcome outcome = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nCc: %s"
                        .formatted(messageId(), unique("carol"), alice.address(), jillAddress)),
                CaptureSource.MAILBOX);

        assertThat(outcome).isEqualTo(CaptureOutcome.skipped(Skip.NOT_THE_OWNERS, 1));
        assertThat(interactionsOf(alice.id(), jill)).isEmpty();
    }

    @Test
    void throughTheCaptureAddressTheSenderIsTheOwnerUnlessItIsAContact() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);

        CaptureOutcome outcome = capture.capture(
                alice.id(),
                Set.of(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(messageId(), unique("alias"), jillAddress)),
                CaptureSource.CAPTURE_ADDRESS);

        assertThat(outcome.recorded()).isEqualTo(1);
        JsonNode i = interactionsOf(alice.id(), jill).get(0);
        assertThat(i.path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(i.path("source").asString()).isEqualTo("CAPTURE_ADDRESS");
    }

    @Test
    void broadcastsAndAutomatedMailAreSkipped() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);
        String many =
                IntStream.range(0, 20).mapToObj(n -> "r" + n + "@example.org").collect(Collectors.joining(", "));

        CaptureOutcome broadcast = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nBcc: %s"
                        .formatted(messageId(), alice.address(), jillAddress, many)),
                CaptureSource.MAILBOX);
        CaptureOutcome twenty = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nBcc: %s"
                        .formatted(messageId(), alice.address(), jillAddress, many.substring(many.indexOf(',') + 2))),
                CaptureSource.MAILBOX);
        CaptureOutcome autoReply = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nAuto-Submitted: auto-replied\nSubject: Out of office"
                        .formatted(messageId(), jillAddress, alice.address())),
                CaptureSource.MAILBOX);
        CaptureOutcome list = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nList-Id: <robotics.lists.example.org>"
                        .formatted(messageId(), jillAddress, alice.address())),
                CaptureSource.MAILBOX);

        assertThat(broadcast.skipped()).isEqualTo(Skip.TOO_MANY_RECIPIENTS);
        assertThat(twenty.skipped()).as("20 recipients are still personal").isEqualTo(Skip.NONE);
        assertThat(autoReply.skipped()).isEqualTo(Skip.AUTOMATED);
        assertThat(list.skipped()).isEqualTo(Skip.AUTOMATED);
        assertThat(interactionsOf(alice.id(), jill)).hasSize(1);
        assertThat(counted(CaptureSource.MAILBOX, "too_many_recipients")).isPositive();
        assertThat(counted(CaptureSource.MAILBOX, "automated")).isPositive();
    }

    @Test
    void theSubjectIsTruncatedAndTheBodyNeverStoredNorSent() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);
        String subject = "Subject-".repeat(40);
        String raw = """
                Message-ID: <%s>
                From: %s
                To: %s
                Subject: %s
                Content-Type: text/plain; charset=UTF-8

                PRIVATE-BODY-TEXT my salary expectations are
                """.formatted(messageId(), alice.address(), jillAddress, subject)
                .replace("\n", "\r\n");
        MimeMessage mime = new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));

        try (KafkaProbe probe = KafkaProbe.subscribe("interactions.v1")) {
            capture.capture(
                    alice.id(),
                    alice.addresses(),
                    ((Parsed.Valid) MessageHeaders.parse(mime)).message(),
                    CaptureSource.MAILBOX);

            JsonNode i = interactionsOf(alice.id(), jill).get(0);
            assertThat(i.path("summary").asString())
                    .hasSize(200)
                    .isEqualTo(subject.strip().substring(0, 200));
            String event = probe.await(1, r -> r.value().contains(i.path("id").asString()), Duration.ofSeconds(20))
                    .get(0)
                    .value();
            assertThat(event).doesNotContain("PRIVATE-BODY-TEXT");
            assertThat(EventSchemas.load().violations(JSON.readTree(event))).isEmpty();
            assertThat(i.toString()).doesNotContain("PRIVATE-BODY-TEXT");
        }
    }

    @Test
    void aMessageWithoutADateOrFromTheFutureOccursWhenItIsCaptured() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String jill = contact(alice.id(), jillAddress);
        Instant before = Instant.now();

        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(messageId(), jillAddress, alice.address())),
                CaptureSource.MAILBOX);
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nDate: Fri, 1 Jan 2100 00:00:00 +0000"
                        .formatted(messageId(), jillAddress, alice.address())),
                CaptureSource.MAILBOX);

        assertThat(interactionsOf(alice.id(), jill))
                .hasSize(2)
                .allSatisfy(i -> assertThat(Instant.parse(i.path("occurredAt").asString()))
                        .isBetween(before.minusSeconds(1), Instant.now()));
    }

    @Test
    void aContactLookedUpAtContactServiceIsFoundByItsAddressesToo() throws Exception {
        Owner alice = newOwner();
        String address = unique("Looked.Up");
        String id = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        CONTACT_SERVICE.knows(id, alice.id(), List.of(address));
        assertThat(as(alice.id())
                        .post("/api/interactions", "{\"contactId\":\"" + id + "\",\"type\":\"CALL\"}")
                        .status())
                .isEqualTo(201);

        CaptureOutcome outcome = capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(messageId(), address, alice.address())),
                CaptureSource.MAILBOX);

        assertThat(outcome.recorded()).isEqualTo(1);
        assertThat(interactionsOf(alice.id(), id)).hasSize(2);
    }

    @Test
    void anInvalidMessageIsCounted() {
        double before = counted(CaptureSource.MAILBOX, "invalid");

        capture.invalid("alice", CaptureSource.MAILBOX, new Parsed.Invalid("The message has no Message-ID"));

        assertThat(counted(CaptureSource.MAILBOX, "invalid") - before).isEqualTo(1);
    }
}
