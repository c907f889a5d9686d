package com.keepintouch.notifier.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.contact.ErasedContacts.Tombstone;
import com.keepintouch.notifier.personaldata.ContactErasure;
import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.notifier.support.WebhookReceiver;
import com.keepintouch.notifier.support.WebhookReceiver.Answer;
import com.keepintouch.platform.kafka.InboundEvent;
import com.keepintouch.platform.personal.ContactErased;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * An erasure that runs while a batch of relationships.v1 is being handled (after the batch was
 * checked for erased contacts, before its writes), through the real MongoDB, webhook receiver and
 * SMTP server: what the batch wrote about the contact is undone, nothing is sent about them, and no
 * later digest names them.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.webhooks.consumer-group=late-erasure-it",
            "kit.webhooks.allowed-networks=127.0.0.0/8",
            "kit.webhooks.sweep-interval=100ms",
            "kit.webhooks.stuck-scan-interval=1s",
            "kit.webhooks.endpoint-refresh=200ms"
        })
@WithInfrastructure
@Import(NotifierTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LateErasureIT {

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(
                List.of("deliveries", "messages", "relationship_states", "erased_contacts", "preferences"));
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Mailbox MAIL = Mailbox.start();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", MAIL::port);
    }

    @AfterAll
    static void closeMail() {
        MAIL.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    MongoDatabase database;

    @Autowired
    RelationshipEventsHandler handler;

    @Autowired
    ContactErasure erasure;

    @Autowired
    ErasedContacts erased;

    final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    WebhookReceiver subscribed(String owner) {
        WebhookReceiver receiver = WebhookReceiver.start().answer(Answer.status(204));
        receivers.add(receiver);
        Response created =
                as(owner).post("/api/webhooks", "{\"url\":\"" + receiver.url() + "\",\"description\":\"late\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        receiver.verifyWith(created.json().path("secret").asString());
        return receiver;
    }

    void emailsAtOnce(String owner, String address) {
        Response saved = as(owner)
                .send(
                        "PUT",
                        "/api/preferences/me",
                        Map.of("content-type", "application/json"),
                        BodyPublishers.ofString("{\"email\":\"" + address + "\",\"mode\":\"IMMEDIATE\"}"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** An event as the handler has it once opened: its name in the clear. */
    InboundEvent opened(String type, String contactId, String owner, String name) {
        ObjectNode event = new RelationshipEvents(kafka)
                .event(type, contactId, owner, name, "OVERDUE", clock.instant(), RelationshipEvents.withoutInsight());
        return new InboundEvent(
                event.path("id").asString(),
                event.path("source").asString(),
                type,
                contactId,
                Instant.parse(event.path("time").asString()),
                owner,
                event.path("sequence").asLong(),
                event.path("data"),
                event.toString(),
                null);
    }

    List<String> mailsNaming(String address, String text) {
        List<String> found = new ArrayList<>();
        for (MimeMessage message : MAIL.to(address)) {
            String all = Mailbox.text(message) + Mailbox.html(message);
            if (all.contains(text)) {
                found.add(all);
            }
        }
        return found;
    }

    @Test
    void whatABatchWroteAboutAContactErasedMeanwhileIsUndoneAndNeverSent() {
        String owner = RelationshipEvents.newOwner("lea");
        String address = owner + "@example.com";
        String name = "Lena Latecomer";
        String contactId = RelationshipEvents.newContactId();
        WebhookReceiver receiver = subscribed(owner);
        emailsAtOnce(owner, address);
        InboundEvent event = opened("relationship.overdue", contactId, owner, name);
        RelationshipEventsHandler.Notice notice = RelationshipEventsHandler.translate(event);

        // The batch was checked (not erased then); the erasure runs; then the batch writes.
        erasure.erase(new ContactErased(contactId, owner, "er_" + UUID.randomUUID(), clock.instant(), 1, null));
        handler.handleThenRecheck(List.of(notice));

        assertThat(database.getCollection("relationship_states")
                        .find(Filters.eq("_id", contactId))
                        .first())
                .isNull();
        for (Document message : database.getCollection("messages").find(Filters.eq("contactId", contactId))) {
            assertThat(message.toJson()).doesNotContain(name);
        }
        for (Document delivery : database.getCollection("deliveries").find(Filters.eq("contactId", contactId))) {
            assertThat(delivery.toJson()).doesNotContain(name);
            assertThat(delivery.getString("status")).isNotEqualTo("DELIVERED");
        }
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> receiver.received().isEmpty() && MAIL.to(address).isEmpty());

        // No later digest names them: there is nothing left to list.
        Response digest = as(owner).post("/api/preferences/me/digest", "");
        assertThat(digest.status()).as(digest.toString()).isEqualTo(200);
        assertThat(digest.json().path("sent").asBoolean()).isFalse();
        assertThat(mailsNaming(address, name)).isEmpty();
    }

    @Test
    void aDigestLeavesOutAContactErasedWhoseStateWasStillStored() {
        String owner = RelationshipEvents.newOwner("dora");
        String address = owner + "@example.com";
        emailsAtOnce(owner, address);
        String gone = RelationshipEvents.newContactId();
        String kept = RelationshipEvents.newContactId();
        // Both states stored (as a batch that raced an erasure left them), then one contact erased.
        handler.handleThenRecheck(List.of(
                RelationshipEventsHandler.translate(opened("relationship.overdue", gone, owner, "Gone Gwen")),
                RelationshipEventsHandler.translate(opened("relationship.overdue", kept, owner, "Kept Kim"))));
        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 2); // the two reminders
        erased.record(new Tombstone(gone, owner, clock.instant(), null));

        Response digest = as(owner).post("/api/preferences/me/digest", "");
        assertThat(digest.status()).as(digest.toString()).isEqualTo(202);
        assertThat(digest.json().path("relationships").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 3);
        assertThat(mailsNaming(address, "Kept Kim")).hasSize(2); // its reminder and the digest
        assertThat(mailsNaming(address, "Gone Gwen")).hasSize(1); // its reminder, from before its erasure
        assertThat(database.getCollection("relationship_states")
                        .find(Filters.eq("_id", gone))
                        .first())
                .isNull();
    }
}
