package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Attempt;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.WebhookDestination;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class DeliveryDocumentsTest {

    private final DeliveryDocuments documents = new DeliveryDocuments();

    private static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }

    /** A new webhook delivery's document exactly as notifier-service has always inserted it. */
    private static Document webhook() {
        return new Document("_id", "dl_0123456789abcdef01234567")
                .append("channel", "WEBHOOK")
                .append("endpointId", "ep_0190a1b2c3d4e5f6a7b8c9d0")
                .append("ownerId", "alice")
                .append("contactId", "c_0190a1b2c3d4e5f6a7b8c9d0")
                .append("messageId", "msg_5f0c6c0e7a514d0b9d0e0d1f7c1b2a3e")
                .append("eventId", "5f0c6c0e-7a51-4d0b-9d0e-0d1f7c1b2a3e")
                .append("eventType", "relationship.due")
                .append("status", "PENDING")
                .append("attempts", 0)
                .append("round", 0)
                .append("nextAttemptAt", date("2026-03-01T10:15:30.123Z"))
                .append("leaseUntil", date("2026-03-01T10:16:30.123Z"))
                .append("createdAt", date("2026-03-01T10:15:30.123Z"))
                .append("log", List.of())
                .append("version", 1L)
                .append("etag", "9b2f7c1e-0d4a-4e8b-8f3a-1c2d3e4f5a6b");
    }

    /** A new email delivery's document: no endpoint or message, the rendered email beside. */
    private static Document email() {
        Document email = webhook()
                .append("_id", "dl_76543210fedcba9876543210")
                .append("channel", "EMAIL")
                .append("endpointId", null)
                .append("messageId", null)
                .append("eventType", "relationship.digest");
        return email.append(
                        "email",
                        new Document("to", "alice@example.com")
                                .append("subject", "2 relationships need you")
                                .append("text", "Jill Summers is overdue")
                                .append("html", "<p>Jill Summers is overdue</p>")
                                .append("messageIdHeader", "<digest-alice-2026-03-01@kit>"))
                // present while the body is stored: what the retention sweep finds it by
                .append("bodyAt", email.get("createdAt"));
    }

    @Test
    void aDigestKeepsTheContactsItListsSoThatAnErasureFindsIt() {
        Document digest = email().append("mentions", List.of("c_1", "c_2"));

        Delivery delivery = documents.fromDocument(digest);

        assertThat(((EmailDestination) delivery.destination()).mentions()).containsExactly("c_1", "c_2");
        assertThat(documents.toDocument(delivery)).isEqualTo(digest);
    }

    @Test
    void anEmailWhoseBodyWasRemovedReadsWithoutIt() {
        Document removed = email();
        removed.get("email", Document.class).keySet().removeAll(List.of("subject", "text", "html"));
        removed.remove("bodyAt");

        EmailDestination email =
                (EmailDestination) documents.fromDocument(removed).destination();

        assertThat(email.subject()).isNull();
        assertThat(email.text()).isNull();
        assertThat(email.to()).isEqualTo("alice@example.com");
    }

    /** A webhook delivery after attempts, as Deliveries.record leaves it: the outcome fields set, the log pushed to. */
    private static Document failed() {
        return webhook()
                .append("status", "FAILED")
                .append("attempts", 3)
                .append("round", 1)
                .append("nextAttemptAt", null)
                .append("leaseUntil", null)
                .append(
                        "log",
                        List.of(
                                new Document("at", date("2026-03-01T10:15:31Z"))
                                        .append("latencyMs", 120L)
                                        .append("statusCode", 503)
                                        .append("error", "HTTP 503"),
                                new Document("at", date("2026-03-01T10:20:31Z"))
                                        .append("latencyMs", 5000L)
                                        .append("statusCode", null)
                                        .append("error", "timed out")))
                .append("version", 7L)
                .append("responseStatus", null)
                .append("lastError", "timed out")
                .append("failedAt", date("2026-03-01T10:20:31Z"));
    }

    @Test
    void aNewWebhookDeliveryReadsAndWritesBackUnchanged() {
        Delivery delivery = documents.fromDocument(webhook());

        assertThat(delivery.destination())
                .isEqualTo(
                        new WebhookDestination("ep_0190a1b2c3d4e5f6a7b8c9d0", "msg_5f0c6c0e7a514d0b9d0e0d1f7c1b2a3e"));
        assertThat(delivery.channel()).isEqualTo(Channel.WEBHOOK);
        assertThat(delivery.status()).isEqualTo(Status.PENDING);
        assertThat(delivery.nextAttemptAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
        assertThat(delivery.leaseUntil()).isEqualTo(Instant.parse("2026-03-01T10:16:30.123Z"));
        assertThat(delivery.version()).isEqualTo(1);
        assertThat(delivery.responseStatus()).isNull();
        assertThat(delivery.deliveredAt()).isNull();
        assertThat(documents.toDocument(delivery)).isEqualTo(webhook());
        assertThat(List.copyOf(documents.toDocument(delivery).keySet()))
                .containsExactlyElementsOf(webhook().keySet());
    }

    @Test
    void anEmailDeliveryKeepsItsRenderingInItsOwnSubDocument() {
        Delivery delivery = documents.fromDocument(email());

        assertThat(delivery.destination())
                .isEqualTo(new EmailDestination(
                        "alice@example.com",
                        "2 relationships need you",
                        "Jill Summers is overdue",
                        "<p>Jill Summers is overdue</p>",
                        "<digest-alice-2026-03-01@kit>"));
        assertThat(delivery.endpointId()).isEmpty();
        assertThat(delivery.messageId()).isEmpty();
        assertThat(documents.toDocument(delivery)).isEqualTo(email());
        assertThat(List.copyOf(documents.toDocument(delivery).keySet())).containsExactlyElementsOf(email().keySet());
    }

    @Test
    void anAttemptedDeliveryReadsItsOutcomeAndLogAndWritesThemBack() {
        Delivery delivery = documents.fromDocument(failed());

        assertThat(delivery.status()).isEqualTo(Status.FAILED);
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.round()).isEqualTo(1);
        assertThat(delivery.attemptsThisRound()).isEqualTo(2);
        assertThat(delivery.lastError()).isEqualTo("timed out");
        assertThat(delivery.failedAt()).isEqualTo(Instant.parse("2026-03-01T10:20:31Z"));
        assertThat(delivery.log())
                .containsExactly(
                        new Attempt(Instant.parse("2026-03-01T10:15:31Z"), 120, 503, "HTTP 503"),
                        new Attempt(Instant.parse("2026-03-01T10:20:31Z"), 5000, null, "timed out"));
        Document expected = failed();
        expected.remove("responseStatus"); // a null outcome field is as good as none
        assertThat(documents.toDocument(delivery)).isEqualTo(expected);
        assertThat(documents.fromDocument(documents.toDocument(delivery))).isEqualTo(delivery);
    }

    @Test
    void anAttemptPushedToTheLogIsStoredAsTheLogHoldsIt() {
        Attempt attempt = new Attempt(Instant.parse("2026-03-01T10:15:31Z"), 120, 503, "HTTP 503");

        assertThat(DeliveryDocuments.attemptDocument(attempt))
                .isEqualTo(failed().getList("log", Document.class).get(0));
    }

    @Test
    void numbersReadWhateverWidthTheServerGaveBack() {
        Document narrow = failed().append("version", 7).append("attempts", 3L).append("round", 1L);
        narrow.getList("log", Document.class).get(0).append("latencyMs", 120).append("statusCode", 503L);

        Delivery delivery = documents.fromDocument(narrow);

        assertThat(delivery.version()).isEqualTo(7L);
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.round()).isEqualTo(1);
        assertThat(delivery.log().get(0))
                .isEqualTo(new Attempt(Instant.parse("2026-03-01T10:15:31Z"), 120, 503, "HTTP 503"));
        assertThat(documents.toDocument(delivery).get("version")).isEqualTo(7L);
        assertThat(documents.toDocument(delivery).get("attempts")).isEqualTo(3);
    }

    @Test
    void aDocumentWrittenBeforeRetriesByHandHasRoundZeroAndNoLog() {
        Document older = webhook();
        older.remove("round");
        older.remove("log");

        Delivery delivery = documents.fromDocument(older);

        assertThat(delivery.round()).isZero();
        assertThat(delivery.log()).isEmpty();
    }
}
