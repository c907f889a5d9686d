package com.keepintouch.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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

/** Emails at a real SMTP server: at once, or one digest per period at the person's hour in their time zone. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.webhooks.consumer-group=email-it",
            "kit.webhooks.sweep-interval=100ms",
            "kit.email.digest-check-interval=100ms"
        })
@WithInfrastructure
@Import(NotifierTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EmailIT {

    static final Duration WAIT = Duration.ofSeconds(20);
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

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    Response prefer(String owner, String json) {
        return as(owner)
                .send(
                        "PUT",
                        "/api/preferences/me",
                        Map.of("content-type", "application/json"),
                        BodyPublishers.ofString(json));
    }

    RelationshipEvents events() {
        return new RelationshipEvents(kafka);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void preferencesAreValidatedAndShowWhenTheNextDigestComes() {
        String owner = RelationshipEvents.newOwner("pat");
        assertThat(as(owner).get("/api/preferences/me").status()).isEqualTo(404);
        Map<String, String> bad = Map.of(
                "{\"email\":\"pat@example.com\",\"mode\":\"HOURLY\"}", "mode",
                "{\"email\":\"not an address\",\"mode\":\"IMMEDIATE\"}", "email",
                "{\"mode\":\"IMMEDIATE\"}", "email",
                "{\"email\":\"pat@example.com\",\"mode\":\"DAILY_DIGEST\",\"timezone\":\"Mars/Olympus\"}", "timezone",
                "{\"email\":\"pat@example.com\",\"mode\":\"DAILY_DIGEST\",\"digestHour\":24}", "digestHour",
                "{\"email\":\"pat@example.com\",\"mode\":\"WEEKLY_DIGEST\",\"digestDay\":\"FUNDAY\"}", "digestDay",
                "{\"email\":\"pat@example.com\",\"mode\":\"OFF\",\"colour\":\"red\"}", "colour");
        bad.forEach((body, field) -> {
            Response response = prefer(owner, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body()).contains(field);
        });

        Response saved = prefer(
                owner,
                "{\"email\":\"pat@example.com\",\"mode\":\"DAILY_DIGEST\",\"timezone\":\"Europe/Berlin\",\"digestHour\":8}");

        assertThat(saved.status()).isEqualTo(200);
        Instant next = Instant.parse(saved.json().path("nextDigestAt").asString());
        assertThat(next).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofDays(1)));
        assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(8);
        assertThat(as(owner).get("/api/preferences/me").json().path("mode").asString())
                .isEqualTo("DAILY_DIGEST");
    }

    @Test
    void immediateModeSendsOneEmailPerReminderWithTextAndHtml() {
        String owner = RelationshipEvents.newOwner("quinn");
        String address = owner + "@example.com";
        assertThat(prefer(owner, "{\"email\":\"" + address + "\",\"mode\":\"IMMEDIATE\"}")
                        .status())
                .isEqualTo(200);

        events().publish(
                        "relationship.overdue",
                        RelationshipEvents.newContactId(),
                        owner,
                        "Ann <b>Lee</b>",
                        "OVERDUE",
                        clock.instant(),
                        true,
                        RelationshipEvents.withInsight(
                                "Hiring <in> 2026", "https://example.com/hiring?in=2026&by=ann"));
        events().publish("relationship.recovered", RelationshipEvents.newContactId(), owner, "OK", clock.instant());

        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 1);
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() -> MAIL.to(address).size() == 1);
        MimeMessage email = MAIL.to(address).get(0);
        assertThat(subject(email)).isEqualTo("Ann <b>Lee</b> is overdue for a touch");
        assertThat(Mailbox.text(email)).contains("No touch for 90 days").contains("Reach out to Ann <b>Lee</b>");
        assertThat(Mailbox.html(email)).contains("Ann &lt;b&gt;Lee&lt;/b&gt;").doesNotContain("<b>Lee</b>");
        assertThat(Mailbox.text(email))
                .contains("Strength 41/100. Reach out to Ann <b>Lee</b>: a touch now would raise strength")
                .contains("Ann <b>Lee</b> replied to 4 of your last 5 emails")
                .contains("Worth sharing: Hiring <in> 2026\nhttps://example.com/hiring?in=2026&by=ann\n");
        assertThat(Mailbox.html(email))
                .contains("<a href=\"https://example.com/hiring?in=2026&amp;by=ann\">Hiring &lt;in&gt; 2026</a>");
    }

    @Test
    void anSmtpOutageIsRetriedUntilTheEmailIsAccepted() {
        String owner = RelationshipEvents.newOwner("rene");
        String address = owner + "@example.com";
        prefer(owner, "{\"email\":\"" + address + "\",\"mode\":\"IMMEDIATE\"}");
        MAIL.stopServer();
        try {
            events().publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());
            await().atMost(WAIT).until(() -> {
                var items =
                        as(owner).get("/api/deliveries?channel=EMAIL").json().path("items");
                return items.size() == 1 && items.get(0).path("attempts").asInt() == 1;
            });
            assertThat(as(owner)
                            .get("/api/deliveries?channel=EMAIL")
                            .json()
                            .path("items")
                            .get(0)
                            .path("lastError")
                            .asString())
                    .startsWith("SMTP");
        } finally {
            MAIL.startServer();
        }
        clock.advance(Duration.ofSeconds(6));

        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 1);
    }

    @Test
    void aDigestOnRequestListsWhatNeedsAttentionNowAndLeavesTheScheduleAlone() {
        String owner = RelationshipEvents.newOwner("nia");
        String address = owner + "@example.com";
        assertThat(as(owner).post("/api/preferences/me/digest", "").status()).isEqualTo(409);
        prefer(
                owner,
                "{\"email\":\"" + address
                        + "\",\"mode\":\"WEEKLY_DIGEST\",\"timezone\":\"Asia/Kolkata\",\"digestHour\":9}");
        Response nothing = as(owner).post("/api/preferences/me/digest", "");
        assertThat(nothing.status()).isEqualTo(200);
        assertThat(nothing.json().path("sent").asBoolean()).isFalse();
        events().publish(
                        "relationship.overdue",
                        RelationshipEvents.newContactId(),
                        owner,
                        "Nora Now",
                        "OVERDUE",
                        clock.instant(),
                        true);
        await().atMost(WAIT)
                .until(() -> database.getCollection("relationship_states").countDocuments(Filters.eq("ownerId", owner))
                        == 1);
        String period = database.getCollection("preferences")
                .find(Filters.eq("_id", owner))
                .first()
                .getString("lastDigest");

        Response sent = as(owner).post("/api/preferences/me/digest", "");

        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.json().path("relationships").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 1);
        assertThat(Mailbox.text(MAIL.to(address).get(0))).contains("Nora Now - OVERDUE");
        assertThat(database.getCollection("preferences")
                        .find(Filters.eq("_id", owner))
                        .first()
                        .getString("lastDigest"))
                .as("the scheduled digest's period is untouched")
                .isEqualTo(period);
    }

    @Test
    void aDailyDigestComesOnceAtTheLocalHourOnBothSidesOfTheDaylightSavingChange() {
        String owner = RelationshipEvents.newOwner("sam");
        String address = owner + "@example.com";
        clock.set(Instant.parse("2026-03-28T01:00:00Z"));
        prefer(
                owner,
                "{\"email\":\"" + address
                        + "\",\"mode\":\"DAILY_DIGEST\",\"timezone\":\"Europe/Berlin\",\"digestHour\":8}");
        events().publish(
                        "relationship.due",
                        RelationshipEvents.newContactId(),
                        owner,
                        "Dana Due",
                        "DUE",
                        clock.instant(),
                        true,
                        RelationshipEvents.withInsight("A link to nowhere", "javascript:alert(document.cookie)"));
        events().publish(
                        "relationship.overdue",
                        RelationshipEvents.newContactId(),
                        owner,
                        "Olga Overdue",
                        "OVERDUE",
                        clock.instant(),
                        true,
                        RelationshipEvents.withInsight(
                                "The Courage to Advertise Without Female Stereotypes", "https://example.com/courage"));
        events().publish(
                        "relationship.recovered",
                        RelationshipEvents.newContactId(),
                        owner,
                        "Rita Fine",
                        "OK",
                        clock.instant(),
                        true);
        await().atMost(WAIT)
                .until(() -> database.getCollection("relationship_states").countDocuments(Filters.eq("ownerId", owner))
                        == 3);

        // 07:59 in Berlin (+01:00): not yet.
        clock.set(Instant.parse("2026-03-28T06:59:00Z"));
        await().during(Duration.ofMillis(600))
                .atMost(WAIT)
                .until(() -> MAIL.to(address).isEmpty());
        // 08:00 in Berlin: the digest, once.
        clock.set(Instant.parse("2026-03-28T07:00:30Z"));
        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 1);
        await().during(Duration.ofMillis(600))
                .atMost(WAIT)
                .until(() -> MAIL.to(address).size() == 1);
        MimeMessage digest = MAIL.to(address).get(0);
        assertThat(subject(digest)).startsWith("2 relationships need you");
        assertThat(Mailbox.text(digest))
                .contains("Olga Overdue - OVERDUE")
                .contains("Dana Due - DUE")
                .doesNotContain("Rita Fine")
                .contains("Olga Overdue - OVERDUE, strength 41/100")
                .contains("Share 'The Courage to Advertise Without Female Stereotypes' with Olga Overdue")
                .contains("Something worth sharing\n"
                        + "  * The Courage to Advertise Without Female Stereotypes, for Olga Overdue\n"
                        + "    https://example.com/courage\n"
                        + "    Her title, Head of Marketing to Women, matches marketing")
                .contains("  * A link to nowhere, for Dana Due\n")
                .doesNotContain("javascript:");
        assertThat(Mailbox.html(digest))
                .contains("<h2>Olga Overdue")
                .contains("<h2>Something worth sharing</h2>")
                .contains("<li><a href=\"https://example.com/courage\">"
                        + "The Courage to Advertise Without Female Stereotypes</a>, for Olga Overdue<br>")
                .contains("<li>A link to nowhere, for Dana Due<br>")
                .doesNotContain("javascript:");

        // The next day Berlin is on summer time (+02:00): 08:00 is 06:00Z.
        clock.set(Instant.parse("2026-03-29T05:59:00Z"));
        await().during(Duration.ofMillis(600))
                .atMost(WAIT)
                .until(() -> MAIL.to(address).size() == 1);
        clock.set(Instant.parse("2026-03-29T06:00:30Z"));
        await().atMost(WAIT).until(() -> MAIL.to(address).size() == 2);

        // A crash after the digest was stored, before its period was marked handled: not sent twice.
        database.getCollection("preferences")
                .updateOne(Filters.eq("_id", owner), Updates.set("lastDigest", "D2026-03-28"));
        clock.set(Instant.parse("2026-03-29T06:05:00Z"));
        await().atMost(WAIT)
                .until(() -> "D2026-03-29"
                        .equals(database.getCollection("preferences")
                                .find(Filters.eq("_id", owner))
                                .first()
                                .getString("lastDigest")));
        assertThat(MAIL.to(address)).hasSize(2);
        List<String> subjects = MAIL.to(address).stream().map(EmailIT::subject).toList();
        assertThat(subjects.get(1)).contains("Sunday 29 March 2026");
    }
}
