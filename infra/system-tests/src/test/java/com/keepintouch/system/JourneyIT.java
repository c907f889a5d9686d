package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.HttpApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a recruiter gets from the whole system without doing anything but her work: the processes
 * of {@code ./devstack.sh}, driven over HTTP, with webhooks at a real receiver and mail at the SMTP
 * server.
 */
class JourneyIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @BeforeAll
    static void stack() {
        SystemStack.healthy();
    }

    @Test
    void relationshipsGoingColdBecomeRemindersSignedWebhooksAndEmails() {
        People alice = People.recruiter("alice");
        alice.emailMe("IMMEDIATE", "Europe/Berlin", 8);
        try (Receiver receiver = Receiver.start()) {
            alice.subscribe(receiver);
            Instant now = Instant.now();
            String olivia = alice.contact("Olivia Overdue", 30);
            String dan = alice.contact("Dan Due", 30);
            String quentin = alice.contact("Quentin Quiet", 30);
            String fiona = alice.contact("Fiona Fine", 30);
            alice.touched(olivia, "MEETING", "OUTBOUND", now.minus(100, ChronoUnit.DAYS));
            alice.touched(dan, "CALL", "INBOUND", now.minus(35, ChronoUnit.DAYS));
            alice.touched(quentin, "EMAIL", "OUTBOUND", now.minus(20, ChronoUnit.DAYS));
            alice.touched(quentin, "EMAIL", "OUTBOUND", now.minus(10, ChronoUnit.DAYS));
            alice.touched(quentin, "MESSAGE", "OUTBOUND", now.minus(2, ChronoUnit.DAYS));
            alice.touched(fiona, "ARTICLE_SHARED", "OUTBOUND", now.minus(3, ChronoUnit.DAYS));

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(alice.status(olivia)).isEqualTo("OVERDUE");
                assertThat(alice.status(dan)).isEqualTo("DUE");
                assertThat(alice.status(quentin)).isEqualTo("NON_RESPONSIVE");
                assertThat(alice.status(fiona)).isEqualTo("OK");
            });
            JsonNode overdue =
                    alice.reminders().get("/api/relationships/" + olivia).json();
            assertThat(overdue.path("reasons").size()).isPositive();
            assertThat(overdue.path("suggestedAction").asString()).isNotBlank();
            Response list = alice.reminders().get("/api/relationships?status=OVERDUE");
            assertThat(list.json().path("items").findValuesAsString("contactId"))
                    .containsExactly(olivia);

            await().atMost(PATIENCE).untilAsserted(() -> {
                Map<String, List<String>> typesByContact = receiver.received().stream()
                        .map(Receiver.Received::json)
                        .collect(Collectors.groupingBy(
                                json -> json.path("data").path("contactId").asString(),
                                Collectors.mapping(json -> json.path("type").asString(), Collectors.toList())));
                assertThat(typesByContact.getOrDefault(olivia, List.of())).contains("relationship.overdue");
                assertThat(typesByContact.getOrDefault(dan, List.of())).contains("relationship.due");
                assertThat(typesByContact.getOrDefault(quentin, List.of())).contains("relationship.non_responsive");
                assertThat(typesByContact).doesNotContainKey(fiona);
            });
            assertThat(receiver.invalid()).as("requests with a wrong signature").isZero();
            JsonNode webhook = receiver.received().stream()
                    .map(Receiver.Received::json)
                    .filter(json -> json.path("type").asString().equals("relationship.overdue"))
                    .findFirst()
                    .orElseThrow();
            assertThat(webhook.path("data").path("ownerId").asString()).isEqualTo(alice.id());
            assertThat(webhook.toString()).contains("Olivia Overdue");

            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(Mail.inbox(alice.email()))
                            .extracting(Mail.Message::mime)
                            .anySatisfy(mime -> assertThat(mime).contains("Olivia Overdue"))
                            .anySatisfy(mime -> assertThat(mime).contains("Dan Due"))
                            .anySatisfy(mime -> assertThat(mime).contains("Quentin Quiet"))
                            .allSatisfy(mime -> assertThat(mime).contains("text/plain", "text/html")));
        }
    }

    @Test
    void aDigestListsEveryRelationshipNeedingAttentionOncePerPeriod() {
        People dana = People.recruiter("dana");
        Instant now = Instant.now();
        try (Receiver receiver = Receiver.start()) {
            dana.subscribe(receiver);
            String first = dana.contact("Priya Pending", 30);
            String second = dana.contact("Ravi Remote", 60);
            dana.touched(first, "MEETING", "OUTBOUND", now.minus(200, ChronoUnit.DAYS));
            dana.touched(second, "CALL", "INBOUND", now.minus(70, ChronoUnit.DAYS));
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(dana.status(first)).isEqualTo("OVERDUE");
                assertThat(dana.status(second)).isEqualTo("DUE");
            });
            // The notifier has read both transitions once their webhooks arrive.
            await().atMost(PATIENCE).until(() -> receiver.received().size() >= 2);
        }
        // Digests come at the chosen local hour, the first one at the next (tested on a settable
        // clock in notifier-service's EmailIT); here the recruiter asks for hers now.
        dana.emailMe("DAILY_DIGEST", "America/New_York", 7);
        Response asked = dana.notifier().post("/api/preferences/me/digest", "");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
        assertThat(asked.json().path("relationships").asInt()).isEqualTo(2);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(Mail.inbox(dana.email()))
                        .singleElement()
                        .satisfies(digest -> {
                            assertThat(digest.subject()).startsWith("2 relationships need you (");
                            assertThat(digest.mime())
                                    .contains("Priya Pending", "Ravi Remote", "text/plain", "text/html");
                        }));
        // The scheduler looks every 2 s here: its first period is tomorrow's, so nothing more comes.
        await().during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Mail.inbox(dana.email())).hasSize(1));
    }

    @Test
    void anImportOfAThousandContactsDoesNotMakeAThousandRemindersOnOneDay() {
        People ivan = People.recruiter("ivan");
        String csv = "name,emails,tier\n"
                + IntStream.range(0, 1000)
                        .mapToObj(i -> "Imported Person " + i + ",imported" + i + "@import.example,REGULAR")
                        .collect(Collectors.joining("\n"))
                + "\n";
        Response imported = ivan.contacts()
                .send(
                        "POST",
                        "/api/contacts/import",
                        Map.of("Content-Type", "text/csv"),
                        java.net.http.HttpRequest.BodyPublishers.ofString(csv));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().path("created").asInt()).isEqualTo(1000);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(ivan.reminders()
                                .get("/api/relationships/summary")
                                .json()
                                .path("total")
                                .asLong())
                        .isEqualTo(1000));
        Map<LocalDate, Integer> perDay = new TreeMap<>();
        String cursor = null;
        do {
            Response page =
                    ivan.reminders().get("/api/relationships?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode relationship : page.json().path("items")) {
                LocalDate day = Instant.parse(relationship.path("nextDueAt").asString())
                        .atZone(ZoneOffset.UTC)
                        .toLocalDate();
                perDay.merge(day, 1, Integer::sum);
            }
            cursor = page.json().path("nextCursor").isNull()
                    ? null
                    : page.json().path("nextCursor").asString(null);
        } while (cursor != null);

        assertThat(perDay.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        assertThat(perDay).as("first reminders per day").hasSizeGreaterThanOrEqualTo(10);
        assertThat(perDay.values())
                .as("first reminders per day")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(150));
    }
}
