package com.keepintouch.interaction.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.CaptureRules.Sender;
import com.keepintouch.interaction.capture.MessageHeaders.Parsed;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ContactEventsFixture;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Mail captured before its contact exists, on real Kafka and the Mongo wire server: kept with its
 * addresses hashed, and recorded once the contact arrives on contacts.v1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class UnmatchedCaptureIT {

    private static final Logger log = LoggerFactory.getLogger(UnmatchedCaptureIT.class);

    /** Every query of this test is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "interactions",
                "contact_sequences",
                "interaction_external_ids",
                "known_contacts",
                "capture_unmatched"));
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
    UnmatchedMessages unmatched;

    @Autowired
    UnmatchedSweep sweep;

    @Autowired
    MongoDatabase database;

    @Autowired
    MeterRegistry meters;

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

    static String messageId() {
        return UUID.randomUUID() + "@mail.example.com";
    }

    static CapturedMessage message(String headerBlock) throws Exception {
        InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(
                (headerBlock.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return ((Parsed.Valid) MessageHeaders.parse(headers)).message();
    }

    static String newContactId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    List<JsonNode> interactionsOf(String owner, String contactId) {
        JsonNode page =
                as(owner).get("/api/interactions?contactId=" + contactId).json();
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    /** Waits until {@code contactId} of {@code owner} holds {@code count} interactions, and answers them. */
    List<JsonNode> awaitInteractions(String owner, String contactId, int count) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> interactionsOf(owner, contactId).size() >= count);
        List<JsonNode> found = interactionsOf(owner, contactId);
        assertThat(found).hasSize(count);
        return found;
    }

    double count(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void mailBeforeItsContactIsRecordedOnceTheContactArrivesAndSeenAgainIsKnown() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String asked = messageId();
        String answer = messageId();
        CapturedMessage outbound = message("""
                Message-ID: <%s>
                Date: Mon, 30 Nov 2026 09:00:00 +0000
                From: %s
                To: Jill <%s>
                Subject: Coffee?""".formatted(asked, alice.address(), jillAddress.toUpperCase(Locale.ROOT)));
        CapturedMessage reply = message("""
                Message-ID: <%s>
                Date: Mon, 30 Nov 2026 11:30:00 +0000
                From: Jill <%s>
                To: %s
                In-Reply-To: <%s>
                Subject: Re: Coffee?""".formatted(answer, jillAddress, alice.address(), asked));
        double stored = count("kit.capture.unmatched.stored");
        double matched = count("kit.capture.unmatched.matched");

        // the reply is captured first (the inbox read before the sent folder): a reply still finds what it answers
        assertThat(capture.capture(alice.id(), alice.addresses(), reply, CaptureSource.MAILBOX))
                .isEqualTo(CaptureOutcome.skipped(Skip.NO_CONTACT, 0));
        assertThat(capture.capture(alice.id(), alice.addresses(), outbound, CaptureSource.MAILBOX))
                .isEqualTo(CaptureOutcome.skipped(Skip.NO_CONTACT, 0));
        assertThat(count("kit.capture.unmatched.stored") - stored).isEqualTo(2);

        String jill = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", jill, alice.id(), 1, List.of(jillAddress));

        List<JsonNode> recorded = awaitInteractions(alice.id(), jill, 2);
        JsonNode sent = recorded.stream()
                .filter(i -> i.path("direction").asString().equals("OUTBOUND"))
                .findFirst()
                .orElseThrow();
        JsonNode received = recorded.stream()
                .filter(i -> i.path("direction").asString().equals("INBOUND"))
                .findFirst()
                .orElseThrow();
        assertThat(sent.path("externalId").asString()).isEqualTo(MessageCapture.externalId(jill, asked));
        assertThat(sent.path("occurredAt").asString()).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(sent.path("summary").asString()).isEqualTo("Coffee?");
        assertThat(sent.path("source").asString()).isEqualTo("MAILBOX");
        assertThat(received.path("externalId").asString()).isEqualTo(MessageCapture.externalId(jill, answer));
        assertThat(received.path("inReplyTo").path("interactionId").asString())
                .isEqualTo(sent.path("id").asString());
        assertThat(count("kit.capture.unmatched.matched") - matched).isEqualTo(2);

        // a later copy of the same mail (the capture address, another folder) is the same interactions
        assertThat(capture.capture(alice.id(), Set.of(), outbound, CaptureSource.CAPTURE_ADDRESS))
                .isEqualTo(new CaptureOutcome(Skip.NONE, 1, 0, 1));
        assertThat(capture.capture(alice.id(), alice.addresses(), reply, CaptureSource.MAILBOX))
                .isEqualTo(new CaptureOutcome(Skip.NONE, 1, 0, 1));

        // the same contact again (a replay, an update keeping the address) records nothing more
        ContactEventsFixture.publish(kafka, "contact.updated", jill, alice.id(), 2, List.of(jillAddress));
        String control = unique("control");
        CapturedMessage toControl = message(
                "Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Hi".formatted(messageId(), alice.address(), control));
        capture.capture(alice.id(), alice.addresses(), toControl, CaptureSource.MAILBOX);
        String controlContact = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", controlContact, alice.id(), 1, List.of(control));
        awaitInteractions(alice.id(), controlContact, 1);
        assertThat(interactionsOf(alice.id(), jill)).hasSize(2);
    }

    @Test
    void aContactGainingAnAddressGetsTheMailSentToItAndSomeoneElsesMailCopyingItIsNoTouch() throws Exception {
        Owner alice = newOwner();
        String work = unique("jill-work");
        String home = unique("jill-home");
        String id = messageId();
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Offer".formatted(id, alice.address(), home)),
                CaptureSource.MAILBOX);
        // neither from the owner nor from a contact once Jill is one: not the owner's touch
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nCc: %s\nSubject: Fwd".formatted(messageId(), unique("x"), home)),
                CaptureSource.MAILBOX);
        String jill = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", jill, alice.id(), 1, List.of(work));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !directory.findByEmails(alice.id(), List.of(work)).isEmpty());

        ContactEventsFixture.publish(kafka, "contact.updated", jill, alice.id(), 2, List.of(work, home));

        List<JsonNode> recorded = awaitInteractions(alice.id(), jill, 1);
        assertThat(recorded.get(0).path("externalId").asString()).isEqualTo(MessageCapture.externalId(jill, id));
        assertThat(recorded.get(0).path("direction").asString()).isEqualTo("OUTBOUND");
    }

    @Test
    void anotherOwnersContactWithTheSameAddressIsNotMatched() throws Exception {
        Owner alice = newOwner();
        Owner bob = newOwner();
        String jillAddress = unique("jill");
        String alicesMail = messageId();
        String bobsMail = messageId();
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(alicesMail, alice.address(), jillAddress)),
                CaptureSource.MAILBOX);
        capture.capture(
                bob.id(),
                bob.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(bobsMail, bob.address(), jillAddress)),
                CaptureSource.MAILBOX);

        String bobsJill = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", bobsJill, bob.id(), 1, List.of(jillAddress));
        List<JsonNode> bobs = awaitInteractions(bob.id(), bobsJill, 1);
        assertThat(bobs.get(0).path("externalId").asString()).isEqualTo(MessageCapture.externalId(bobsJill, bobsMail));

        // Alice's mail waits for Alice's own contact
        String alicesJill = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", alicesJill, alice.id(), 1, List.of(jillAddress));
        List<JsonNode> alices = awaitInteractions(alice.id(), alicesJill, 1);
        assertThat(alices.get(0).path("externalId").asString())
                .isEqualTo(MessageCapture.externalId(alicesJill, alicesMail));
        assertThat(interactionsOf(bob.id(), bobsJill)).hasSize(1);
    }

    @Test
    void anExpiredRecordIsSweptAndNoLongerMatches() throws Exception {
        Owner alice = newOwner();
        String jillAddress = unique("jill");
        String expired = messageId();
        String live = messageId();
        Instant now = Instant.now();
        unmatched.keep(new UnmatchedMessage(
                alice.id(),
                expired,
                CaptureSource.MAILBOX,
                now.minus(Duration.ofDays(8)),
                "Old news",
                List.of(),
                1,
                Sender.OWNER,
                CaptureRules.addressHash(alice.address()),
                List.of(CaptureRules.addressHash(jillAddress)),
                now.minusSeconds(1)));
        capture.capture(
                alice.id(),
                alice.addresses(),
                message("Message-ID: <%s>\nFrom: %s\nTo: %s".formatted(live, alice.address(), jillAddress)),
                CaptureSource.MAILBOX);

        assertThat(sweep.sweep()).isPositive();
        var stored = database.getCollection("capture_unmatched");
        assertThat(stored.find(Filters.eq("_id", alice.id() + "/" + expired)).first())
                .isNull();
        assertThat(stored.find(Filters.eq("_id", alice.id() + "/" + live)).first())
                .isNotNull();

        String jill = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", jill, alice.id(), 1, List.of(jillAddress));
        List<JsonNode> recorded = awaitInteractions(alice.id(), jill, 1);
        assertThat(recorded.get(0).path("externalId").asString()).isEqualTo(MessageCapture.externalId(jill, live));
        // kept until it expires: another contact of the same message may still appear
        assertThat(stored.find(Filters.eq("_id", alice.id() + "/" + live)).first())
                .isNotNull();
    }

    @Test
    void onlyHashesOfTheAddressesAreStored() throws Exception {
        Owner alice = newOwner();
        String stranger = unique("stranger");
        String other = unique("other");
        String id = messageId();
        capture.capture(
                alice.id(),
                Set.of(),
                message("""
                        Message-ID: <%s>
                        Date: Mon, 30 Nov 2026 09:00:00 +0000
                        From: Stranger <%s>
                        To: %s
                        Cc: %s
                        Subject: Hello there""".formatted(id, stranger, alice.address(), other)),
                CaptureSource.CAPTURE_ADDRESS);

        Document kept = database.getCollection("capture_unmatched")
                .find(Filters.eq("_id", alice.id() + "/" + id))
                .first();
        assertThat(kept).isNotNull();
        String json = kept.toJson();
        for (String address : List.of(stranger, other)) {
            assertThat(json).doesNotContain(address).doesNotContain(address.substring(0, address.indexOf('@')));
        }
        assertThat(kept.getString("ownerId")).isEqualTo(alice.id());
        assertThat(kept.getString("sender")).isEqualTo("UNKNOWN");
        assertThat(kept.getString("summary")).isEqualTo("Hello there");
        assertThat(kept.getInteger("recipients")).isEqualTo(2);
        assertThat(kept.getString("fromHash")).isEqualTo(CaptureRules.addressHash(stranger));
        assertThat(kept.getList("addressHashes", String.class))
                .containsExactlyInAnyOrder(
                        CaptureRules.addressHash(stranger),
                        CaptureRules.addressHash(alice.address()),
                        CaptureRules.addressHash(other));
        assertThat(kept.getDate("expiresAt").toInstant())
                .isBetween(
                        Instant.now().plus(Duration.ofDays(7)).minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(7)));
    }

    /** What keeping costs a backfill: the same number of messages with a write each (no contact) and without (not the owner's). */
    @Test
    void keepingAnUnmatchedMessageCostsOneWrite() throws Exception {
        Owner alice = newOwner();
        String contactAddress = unique("jill");
        String jill = newContactId();
        ContactEventsFixture.publish(kafka, "contact.created", jill, alice.id(), 1, List.of(contactAddress));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !directory
                        .findByEmails(alice.id(), List.of(contactAddress))
                        .isEmpty());
        List<CapturedMessage> unmatchedMail = new ArrayList<>();
        List<CapturedMessage> someoneElses = new ArrayList<>();
        int n = 350;
        for (int i = 0; i < n; i++) {
            unmatchedMail.add(message("Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Hello"
                    .formatted(messageId(), alice.address(), unique("nobody"))));
            someoneElses.add(message("Message-ID: <%s>\nFrom: %s\nTo: %s\nSubject: Hello"
                    .formatted(messageId(), unique("nobody"), contactAddress)));
        }
        timed(alice, someoneElses.subList(0, 50), Skip.NOT_THE_OWNERS); // warm up
        long withoutWrite = timed(alice, someoneElses.subList(50, n), Skip.NOT_THE_OWNERS);
        long withWrite = timed(alice, unmatchedMail.subList(50, n), Skip.NO_CONTACT);
        log.info(
                "Capture of {} messages: no_contact (two lookups and the kept record) {} ms, not_the_owners (two lookups) {} ms",
                n - 50,
                withWrite,
                withoutWrite);
        assertThat(database.getCollection("capture_unmatched").countDocuments(Filters.eq("ownerId", alice.id())))
                .isEqualTo(n - 50);
    }

    private long timed(Owner owner, List<CapturedMessage> messages, Skip expected) {
        long started = System.nanoTime();
        for (CapturedMessage message : messages) {
            assertThat(capture.capture(owner.id(), owner.addresses(), message, CaptureSource.MAILBOX)
                            .skipped())
                    .isEqualTo(expected);
        }
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
