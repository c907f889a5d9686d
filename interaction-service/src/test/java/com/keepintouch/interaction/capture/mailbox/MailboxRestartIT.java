package com.keepintouch.interaction.capture.mailbox;

import static com.keepintouch.interaction.capture.mailbox.ImapServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.keepintouch.interaction.InteractionServiceApplication;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.ContactServiceStandIn;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.ServiceInstance;
import com.keepintouch.testkit.TestTokens;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Whole interaction-service instances on one database and one IMAP server: a sync stopped in the
 * middle of a backfill resumes from its checkpoint without a gap or a second interaction, and of
 * two instances one syncs a mailbox, the other takes it over when the first goes away.
 */
class MailboxRestartIT {

    static final int MESSAGES = 60;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aSyncStoppedMidBackfillResumesWithoutGapOrDuplicate() {
        String database = "mailbox-restart-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = "o" + UUID.randomUUID().toString().substring(0, 8);
        String address = owner + "@recruit.example";
        String jill = "jill-" + owner + "@example.com";
        try (ImapServer imap = ImapServer.start();
                ContactServiceStandIn contactService = new ContactServiceStandIn()) {
            GreenMailUser user = imap.user(address, "pw");
            MailFolder inbox = imap.folder(user, "INBOX");
            for (int i = 0; i < MESSAGES; i++) {
                Instant date = NOW.minus(Duration.ofHours(MESSAGES - i));
                ImapServer.append(
                        inbox,
                        ImapServer.message(
                                "m" + i + "-" + owner + "@mail.example",
                                jill,
                                List.of(address),
                                "Note " + i,
                                date,
                                null,
                                List.of(),
                                Map.of()),
                        date);
            }
            String mailboxId;
            String contactId;
            try (ServiceInstance first = start(database, contactService)) {
                contactId = contact(first, contactService, owner, jill);
                HttpApi api = first.as(owner, "recruiter");
                mailboxId = api.post("/api/mailboxes", body(address, imap.port()))
                        .json()
                        .path("id")
                        .asString();
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                mailbox(api, mailboxId).path("messagesSeen").asLong() >= 4);
            }
            JsonNode stopped;
            try (ServiceInstance second = start(database, contactService)) {
                HttpApi api = second.as(owner, "recruiter");
                stopped = mailbox(api, mailboxId);
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                mailbox(api, mailboxId).path("state").asString().equals("IDLE"));
                // a batch cut by the stop is recorded but not counted; read again, it is known
                assertThat(mailbox(api, mailboxId).path("interactionsRecorded").asLong())
                        .isBetween(MESSAGES - 1L, (long) MESSAGES);

                JsonNode page = api.get("/api/interactions?contactId=" + contactId + "&limit=200")
                        .json();
                Set<String> externalIds = new HashSet<>();
                page.path("items")
                        .forEach(i -> externalIds.add(i.path("externalId").asString()));
                assertThat(page.path("items")).hasSize(MESSAGES);
                assertThat(externalIds).hasSize(MESSAGES);
            }
            // the first instance stopped in the middle: what it had read was kept, the rest read after
            assertThat(stopped.path("interactionsRecorded").asLong()).isBetween(1L, (long) MESSAGES);
        }
    }

    @Test
    void ofTwoInstancesOneSyncsAMailboxAndTheOtherTakesItOverWhenTheFirstGoesAway() {
        String database = "mailbox-two-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = "o" + UUID.randomUUID().toString().substring(0, 8);
        String address = owner + "@recruit.example";
        String jill = "jill-" + owner + "@example.com";
        try (ImapServer imap = ImapServer.start();
                ContactServiceStandIn contactService = new ContactServiceStandIn();
                MongoClient mongo = MongoClients.create(Infrastructure.get().mongoUri())) {
            MailFolder inbox = imap.folder(imap.user(address, "pw"), "INBOX");
            ServiceInstance a = start(database, contactService);
            ServiceInstance b = start(database, contactService);
            try {
                String contactId = contact(a, contactService, owner, jill);
                String mailboxId = a.as(owner, "recruiter")
                        .post("/api/mailboxes", body(address, imap.port()))
                        .json()
                        .path("id")
                        .asString();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> mailbox(a.as(owner, "recruiter"), mailboxId)
                                .path("state")
                                .asString()
                                .equals("IDLE"));
                String holder = mongo.getDatabase(database)
                        .getCollection("mailboxes")
                        .find(Filters.eq("_id", mailboxId))
                        .first()
                        .getString("leaseHolder");
                ServiceInstance holding = holder.equals(holderOf(a)) ? a : b;
                ServiceInstance other = holding == a ? b : a;
                assertThat(holder).isIn(holderOf(a), holderOf(b));

                holding.close();
                ImapServer.append(
                        inbox,
                        ImapServer.message(
                                "late-" + owner + "@mail.example",
                                jill,
                                List.of(address),
                                "After",
                                NOW,
                                null,
                                List.of(),
                                Map.of()),
                        NOW);
                HttpApi api = other.as(owner, "recruiter");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> api.get("/api/interactions?contactId=" + contactId)
                                        .json()
                                        .path("items")
                                        .size()
                                == 1);
                assertThat(mongo.getDatabase(database)
                                .getCollection("mailboxes")
                                .find(Filters.eq("_id", mailboxId))
                                .first()
                                .getString("leaseHolder"))
                        .isEqualTo(holderOf(other));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void moreMailboxesThanThreadsTakeTurns() {
        String database = "mailbox-turns-" + UUID.randomUUID().toString().substring(0, 8);
        try (ImapServer imap = ImapServer.start();
                ContactServiceStandIn contactService = new ContactServiceStandIn();
                ServiceInstance instance = start(database, contactService, "kit.capture.mailboxes.max-concurrent=1")) {
            List<String> contacts = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String owner = "o" + UUID.randomUUID().toString().substring(0, 8);
                String address = owner + "@recruit.example";
                String jill = "jill-" + owner + "@example.com";
                MailFolder inbox = imap.folder(imap.user(address, "pw"), "INBOX");
                contacts.add(contact(instance, contactService, owner, jill));
                owners.add(owner);
                assertThat(instance.as(owner, "recruiter")
                                .post("/api/mailboxes", body(address, imap.port()))
                                .status())
                        .isEqualTo(201);
                ImapServer.append(
                        inbox,
                        ImapServer.message(
                                "turn-" + owner + "@mail.example",
                                jill,
                                List.of(address),
                                "Hi",
                                NOW,
                                null,
                                List.of(),
                                Map.of()),
                        NOW);
            }
            for (int i = 0; i < 3; i++) {
                HttpApi api = instance.as(owners.get(i), "recruiter");
                String contactId = contacts.get(i);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> api.get("/api/interactions?contactId=" + contactId)
                                        .json()
                                        .path("items")
                                        .size()
                                == 1);
            }
        }
    }

    static String holderOf(ServiceInstance instance) {
        return instance.context().getBean(MailboxSyncer.class).holder();
    }

    static String body(String address, int port) {
        return "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"security\":\"NONE\",\"username\":\"" + address
                + "\",\"password\":\"pw\",\"backfillDays\":30}";
    }

    static JsonNode mailbox(HttpApi api, String id) {
        return api.get("/api/mailboxes/" + id).json();
    }

    /** A contact known to the instances' shared projection, as a lookup at contact-service (stood in) leaves it. */
    static String contact(ServiceInstance instance, ContactServiceStandIn contactService, String owner, String email) {
        String id = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        contactService.knows(id, owner, List.of(email));
        ContactDirectory directory = instance.context().getBean(ContactDirectory.class);
        assertThat(directory.find(id, TestTokens.token(owner, "recruiter"))).isPresent();
        assertThat(directory.findByEmails(owner, List.of(email))).hasSize(1);
        return id;
    }

    static ServiceInstance start(String database, ContactServiceStandIn contactService, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "kit.contacts.base-url=" + contactService.url(),
                "kit.capture.mailboxes.allowed-networks=127.0.0.0/8",
                "kit.capture.mailboxes.scan-interval=200ms",
                "kit.capture.mailboxes.idle-interval=1s",
                "kit.capture.mailboxes.lease=4s",
                "kit.capture.mailboxes.batch-size=1",
                "kit.capture.mailboxes.timeout=3s"));
        properties.addAll(List.of(more));
        return ServiceInstance.start(InteractionServiceApplication.class, database, Clock.systemUTC(), properties);
    }
}
