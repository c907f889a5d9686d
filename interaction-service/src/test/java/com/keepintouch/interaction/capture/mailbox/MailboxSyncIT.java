package com.keepintouch.interaction.capture.mailbox;

import static com.keepintouch.interaction.capture.mailbox.ImapServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ContactServiceStandIn;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Mailboxes synced from a real IMAP server (GreenMail, behind a relay the test takes down) into
 * interactions on real Kafka and the Mongo wire server, read back through the API.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.capture.mailboxes.allowed-networks=127.0.0.0/8",
            "kit.capture.mailboxes.scan-interval=200ms",
            "kit.capture.mailboxes.idle-interval=1s",
            "kit.capture.mailboxes.poll-interval=1s",
            "kit.capture.mailboxes.lease=10s",
            "kit.capture.mailboxes.batch-size=2",
            "kit.capture.mailboxes.connect-timeout=2s",
            "kit.capture.mailboxes.timeout=3s",
            "kit.capture.mailboxes.retries=1",
            "kit.capture.mailboxes.retry-backoff=100ms",
            "kit.capture.mailboxes.failing-retry-first=1s",
            "kit.capture.mailboxes.failing-retry-max=1s"
        })
@WithInfrastructure
class MailboxSyncIT {

    static final ImapServer IMAP = ImapServer.start();
    static final ContactServiceStandIn CONTACT_SERVICE = new ContactServiceStandIn();

    @DynamicPropertySource
    static void contactService(DynamicPropertyRegistry registry) {
        registry.add("kit.contacts.base-url", CONTACT_SERVICE::url);
    }

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @AfterAll
    static void stop() {
        IMAP.close();
        CONTACT_SERVICE.close();
    }

    /** Every query the API and the sync sent is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of(
                "mailboxes", "interactions", "contact_sequences", "interaction_external_ids", "known_contacts"));
    }

    @LocalServerPort
    int port;

    @Autowired
    ContactDirectory directory;

    @Autowired
    MeterRegistry meters;

    /** One owner per test, with an IMAP account of their own. */
    record Owner(String id, String address, GreenMailUser user) {}

    static Owner newOwner() {
        String id = "o" + UUID.randomUUID().toString().substring(0, 8);
        String address = id + "@recruit.example";
        return new Owner(id, address, IMAP.user(address, "secret-" + id));
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static String messageId() {
        return UUID.randomUUID() + "@mail.example";
    }

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    /**
     * A contact of {@code owner} with this address, known to the projection: contact-service (stood
     * in) answers its lookup. Not over contacts.v1, whose consumer group other test contexts of
     * this JVM share, each with a database of its own.
     */
    String contact(String owner, String email) {
        String id = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        CONTACT_SERVICE.knows(id, owner, List.of(email));
        assertThat(directory.find(id, TestTokens.token(owner, "recruiter"))).isPresent();
        assertThat(directory.findByEmails(owner, List.of(email))).hasSize(1);
        return id;
    }

    String body(Owner owner, String password, int imapPort) {
        return "{\"host\":\"127.0.0.1\",\"port\":" + imapPort + ",\"security\":\"NONE\",\"username\":\""
                + owner.address() + "\",\"password\":\"" + password + "\",\"backfillDays\":30}";
    }

    String connect(Owner owner) {
        Response created = as(owner.id()).post("/api/mailboxes", body(owner, "secret-" + owner.id(), IMAP.port()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    JsonNode mailbox(Owner owner, String id) {
        Response response = as(owner.id()).get("/api/mailboxes/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode awaitIdle(Owner owner, String id) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mailbox(owner, id).path("state").asString().equals("IDLE"));
        return mailbox(owner, id);
    }

    List<JsonNode> interactions(Owner owner, String contactId) {
        JsonNode page = as(owner.id())
                .get("/api/interactions?contactId=" + contactId + "&limit=200")
                .json();
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    static void append(MailFolder folder, String messageId, String from, String to, String subject, Instant date) {
        ImapServer.append(
                folder,
                ImapServer.message(messageId, from, List.of(to), subject, date, null, List.of(), Map.of()),
                date);
    }

    @Test
    void aWrongPasswordIsRefusedWithA422ThatSaysTheServerRefusedTheLogin() {
        Owner owner = newOwner();
        Response refused = as(owner.id()).post("/api/mailboxes", body(owner, "not-the-password", IMAP.port()));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().path("detail").asString())
                .contains("refused the login")
                .doesNotContain("not-the-password")
                .doesNotContain("Exception");
        assertThat(as(owner.id()).get("/api/mailboxes").json().path("items")).isEmpty();
    }

    @Test
    void anUnreachableOrSilentServerIsRefusedWithA422ThatNamesIt() throws IOException {
        Owner owner = newOwner();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Response unreachable = as(owner.id()).post("/api/mailboxes", body(owner, "secret", closed));
        assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(422);
        assertThat(unreachable.json().path("detail").asString())
                .contains("could not be reached (127.0.0.1:" + closed + ")")
                .doesNotContain("Exception");

        try (ServerSocket silent = new ServerSocket(0)) {
            Response timedOut = as(owner.id()).post("/api/mailboxes", body(owner, "secret", silent.getLocalPort()));
            assertThat(timedOut.status()).as(timedOut.body()).isEqualTo(422);
            assertThat(timedOut.json().path("detail").asString())
                    .contains("could not be reached (127.0.0.1:" + silent.getLocalPort() + ")")
                    .contains("did not answer in time");
        }
    }

    @Test
    void aHostOutsideTheAllowedNetworksOrPlainTextToTheInternetIsA400() {
        Owner owner = newOwner();
        Response privateHost = as(owner.id())
                .post("/api/mailboxes", "{\"host\":\"10.1.2.3\",\"username\":\"a@b.example\",\"password\":\"x\"}");
        assertThat(privateHost.status()).as(privateHost.body()).isEqualTo(400);
        assertThat(privateHost.body()).contains("private address");

        Response loopbackV6 = as(owner.id())
                .post("/api/mailboxes", "{\"host\":\"[::1]\",\"username\":\"a@b.example\",\"password\":\"x\"}");
        assertThat(loopbackV6.status()).as(loopbackV6.body()).isEqualTo(400);
        assertThat(loopbackV6.body()).contains("loopback address");

        Response missing = as(owner.id()).post("/api/mailboxes", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("host").contains("username").contains("password");
    }

    @Test
    void aThreadOfThreeOutboundAndAReplyIsFourInteractionsAndTheReplyAnswersTheLastOutbound() {
        Owner owner = newOwner();
        String jill = unique("jill");
        String contactId = contact(owner.id(), jill);
        MailFolder sent = IMAP.folder(owner.user(), "Sent");
        MailFolder inbox = IMAP.folder(owner.user(), "INBOX");
        List<String> ids = List.of(messageId(), messageId(), messageId());
        for (int i = 0; i < 3; i++) {
            ImapServer.append(
                    sent,
                    ImapServer.message(
                            ids.get(i),
                            owner.address(),
                            List.of(jill),
                            "Role at Acme, note " + i,
                            NOW.minus(Duration.ofDays(3 - i)),
                            i == 0 ? null : ids.get(i - 1),
                            ids.subList(0, i),
                            Map.of()),
                    NOW.minus(Duration.ofDays(3 - i)));
        }
        String replyId = messageId();
        ImapServer.append(
                inbox,
                ImapServer.message(
                        replyId, jill, List.of(owner.address()), "Re: Role at Acme", NOW, ids.get(2), ids, Map.of()),
                NOW);

        String id = connect(owner);
        JsonNode created = mailbox(owner, id);
        assertThat(created.path("folders").path("sent").asString()).isEqualTo("Sent");
        assertThat(created.path("folders").path("inbox").asString()).isEqualTo("INBOX");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions(owner, contactId).size() == 4);
        JsonNode status = awaitIdle(owner, id);
        List<JsonNode> touches = interactions(owner, contactId);
        JsonNode reply = touches.stream()
                .filter(t -> t.path("direction").asString().equals("INBOUND"))
                .findFirst()
                .orElseThrow();
        JsonNode lastOutbound = touches.stream()
                .filter(t -> t.path("externalId").asString().endsWith(ids.get(2)))
                .findFirst()
                .orElseThrow();
        assertThat(touches)
                .allSatisfy(t -> assertThat(t.path("source").asString()).isEqualTo("MAILBOX"));
        assertThat(touches.stream().filter(t -> t.path("direction").asString().equals("OUTBOUND")))
                .hasSize(3);
        assertThat(reply.path("inReplyTo").path("interactionId").asString())
                .isEqualTo(lastOutbound.path("id").asString());
        assertThat(status.path("messagesSeen").asLong()).isEqualTo(4);
        assertThat(status.path("interactionsRecorded").asLong()).isEqualTo(4);
        assertThat(status.path("lastSyncAt").isNull()).isFalse();
        assertThat(status.toString()).doesNotContain("secret-" + owner.id()).doesNotContain("password\"");

        // new mail arrives while the sync waits (IDLE): it is recorded too
        ImapServer.append(
                inbox,
                ImapServer.message(
                        messageId(), jill, List.of(owner.address()), "One more", NOW, null, List.of(), Map.of()),
                NOW);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> interactions(owner, contactId).size() == 5);
    }

    @Test
    void theSameMessageInInboxAndSentIsOneInteractionPerContact() {
        Owner owner = newOwner();
        String jill = unique("jill");
        String bob = unique("bob");
        String jillId = contact(owner.id(), jill);
        String bobId = contact(owner.id(), bob);
        String id = messageId();
        for (String folder : List.of("Sent", "INBOX")) {
            ImapServer.append(
                    IMAP.folder(owner.user(), folder),
                    ImapServer.message(
                            id,
                            owner.address(),
                            List.of(jill, bob, owner.address()),
                            "Intro",
                            NOW,
                            null,
                            List.of(),
                            Map.of()),
                    NOW);
        }

        String mailboxId = connect(owner);
        JsonNode status = awaitIdle(owner, mailboxId);

        assertThat(interactions(owner, jillId)).hasSize(1);
        assertThat(interactions(owner, bobId)).hasSize(1);
        assertThat(status.path("messagesSeen").asLong()).isEqualTo(2);
        assertThat(status.path("interactionsRecorded").asLong()).isEqualTo(2);
    }

    @Test
    void bulkAndAutomatedMailIsSkippedAndCounted() {
        Owner owner = newOwner();
        String jill = unique("jill");
        String contactId = contact(owner.id(), jill);
        MailFolder inbox = IMAP.folder(owner.user(), "INBOX");
        ImapServer.append(
                inbox,
                ImapServer.message(
                        messageId(),
                        jill,
                        List.of(owner.address()),
                        "Newsletter",
                        NOW,
                        null,
                        List.of(),
                        Map.of("List-Id", "<news.example.com>")),
                NOW);
        ImapServer.append(
                inbox,
                ImapServer.message(
                        messageId(),
                        jill,
                        List.of(owner.address()),
                        "Out of office",
                        NOW,
                        null,
                        List.of(),
                        Map.of("Auto-Submitted", "auto-replied")),
                NOW);
        ImapServer.append(
                inbox,
                ImapServer.message(
                        messageId(),
                        unique("stranger"),
                        List.of(owner.address()),
                        "Hi",
                        NOW,
                        null,
                        List.of(),
                        Map.of()),
                NOW);
        MimeMessageWithoutId.append(inbox, jill, owner.address(), NOW);

        String id = connect(owner);
        JsonNode status = awaitIdle(owner, id);

        assertThat(interactions(owner, contactId)).isEmpty();
        assertThat(status.path("messagesSeen").asLong()).isEqualTo(4);
        assertThat(status.path("skipped").path("AUTOMATED").asLong()).isEqualTo(2);
        assertThat(status.path("skipped").path("NO_CONTACT").asLong()).isEqualTo(1);
        assertThat(status.path("invalid").asLong()).isEqualTo(1);
        assertThat(status.path("interactionsRecorded").asLong()).isZero();
    }

    @Test
    void anotherOwnerNeitherSeesNorDeletesTheMailboxAndOpsMayNotDeleteIt() {
        Owner owner = newOwner();
        String id = connect(owner);

        assertThat(as("someone-else").get("/api/mailboxes/" + id).status()).isEqualTo(404);
        assertThat(as("someone-else").delete("/api/mailboxes/" + id).status()).isEqualTo(404);
        assertThat(as("someone-else").get("/api/mailboxes").json().path("items").toString())
                .doesNotContain(id);
        HttpApi ops = HttpApi.at(port).as(TestTokens.token("ops-person", "ops"));
        assertThat(ops.get("/api/mailboxes/" + id).status()).isEqualTo(200);
        assertThat(ops.delete("/api/mailboxes/" + id).status()).isEqualTo(403);

        assertThat(as(owner.id()).delete("/api/mailboxes/" + id).status()).isEqualTo(204);
        assertThat(as(owner.id()).get("/api/mailboxes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aChangedUidValidityReadsTheFolderAgainWithoutDuplicates() {
        Owner owner = newOwner();
        String jill = unique("jill");
        String contactId = contact(owner.id(), jill);
        MailFolder sent = IMAP.folder(owner.user(), "Sent");
        String first = messageId();
        append(sent, first, owner.address(), jill, "First", NOW.minus(Duration.ofDays(1)));
        String id = connect(owner);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions(owner, contactId).size() == 1);
        awaitIdle(owner, id);
        long validity = sent.getUidValidity();

        // the folder made again: new UIDs under a new UIDVALIDITY, the old message among them
        await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > validity);
        MailFolder again = IMAP.recreate(owner.user(), "Sent");
        assertThat(again.getUidValidity()).isNotEqualTo(validity);
        append(again, first, owner.address(), jill, "First", NOW.minus(Duration.ofDays(1)));
        append(again, messageId(), owner.address(), jill, "Second", NOW);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> mailbox(owner, id).path("messagesSeen").asLong() == 3);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions(owner, contactId).size() == 2);
        assertThat(awaitIdle(owner, id).path("interactionsRecorded").asLong()).isEqualTo(2);
    }

    @Test
    void aServerThatGoesDownMakesTheMailboxFailingAndItCatchesUpWhenItIsBack() {
        Owner owner = newOwner();
        String jill = unique("jill");
        String contactId = contact(owner.id(), jill);
        MailFolder inbox = IMAP.folder(owner.user(), "INBOX");
        append(inbox, messageId(), jill, owner.address(), "Before", NOW.minus(Duration.ofHours(1)));
        String id = connect(owner);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions(owner, contactId).size() == 1);
        awaitIdle(owner, id);

        IMAP.down();
        try {
            append(inbox, messageId(), jill, owner.address(), "While down", NOW);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mailbox(owner, id).path("state").asString().equals("FAILING"));
            JsonNode failing = mailbox(owner, id);
            assertThat(failing.path("lastError").asString())
                    .contains("could not be reached (127.0.0.1:" + IMAP.port() + ")");
            assertThat(failing.path("nextRetryAt").isNull()).isFalse();
            assertThat(meters.counter("kit.capture.mailbox.failures", "kind", "unreachable")
                            .count())
                    .isPositive();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get("kit.capture.mailboxes")
                                    .tag("state", "FAILING")
                                    .gauge()
                                    .value()
                            >= 1);
        } finally {
            IMAP.up();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions(owner, contactId).size() == 2);
        JsonNode recovered = awaitIdle(owner, id);
        assertThat(recovered.path("lastError").isNull()).isTrue();
        assertThat(recovered.path("interactionsRecorded").asLong()).isEqualTo(2);
        assertThat(meters.get("kit.capture.mailbox.sync").timer().count()).isPositive();
    }

    @Test
    void aResyncReadsAgainFromADateWithoutRecordingTwice() {
        Owner owner = newOwner();
        String jill = unique("jill");
        String contactId = contact(owner.id(), jill);
        append(IMAP.folder(owner.user(), "INBOX"), messageId(), jill, owner.address(), "Hello", NOW);
        String id = connect(owner);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> interactions(owner, contactId).size() == 1);
        awaitIdle(owner, id);

        Response resync = as(owner.id())
                .post("/api/mailboxes/" + id + "/resync", "{\"since\":\"" + NOW.minus(Duration.ofDays(2)) + "\"}");
        assertThat(resync.status()).as(resync.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mailbox(owner, id).path("messagesSeen").asLong() == 2);

        assertThat(interactions(owner, contactId)).hasSize(1);
        assertThat(as(owner.id())
                        .post("/api/mailboxes/" + id + "/resync", "{\"since\":\"2999-01-01T00:00:00Z\"}")
                        .status())
                .isEqualTo(400);
    }
}
