package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a recruiter gets from her library of things worth sharing and a cadence per tag, through the
 * processes of {@code ./devstack.sh}: a due relationship with its strength, reciprocity and the item
 * to share, the same at her webhook receiver, never the item once she has shared it, and her
 * reminders in a calendar feed that any calendar application subscribes to without a token.
 */
class ReciprocityJourneyIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @BeforeAll
    static void stack() {
        SystemStack.healthy();
    }

    @Test
    void aDueRelationshipSuggestsWhatToShareUntilItIsSharedAndShowsInTheCalendarFeed() throws Exception {
        People recruiter = People.recruiter("rita");
        try (Receiver receiver = Receiver.start()) {
            recruiter.subscribe(receiver);
            String jill = recruiter.contact("Jill", List.of("marketing"), "Head of Marketing to Women");
            String courage = recruiter.shareable(
                    "https://articles.example/courage-to-advertise",
                    "The Courage to Advertise Without Female Stereotypes",
                    List.of("marketing"));
            String funnels = recruiter.shareable(
                    "https://articles.example/funnels-that-listen", "Funnels That Listen", List.of("Marketing"));
            String unrelated = recruiter.shareable(
                    "https://articles.example/kubernetes-at-scale", "Kubernetes at Scale", List.of("kubernetes"));
            recruiter.tagCadence("marketing", 20);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(recruiter.status(jill)).isEqualTo("OK"));

            // Jill wrote 41 days ago, answering an email of the day before: with a cadence of 20
            // days she is overdue (due 21 days ago, overdue 11 days ago). The older email is logged
            // once her message is in, so that the due date, and what is announced for it, stay put.
            Instant now = Instant.now();
            recruiter.touched(jill, "EMAIL", "INBOUND", now.minus(41, ChronoUnit.DAYS));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(recruiter.status(jill)).isEqualTo("OVERDUE"));
            recruiter.touched(jill, "EMAIL", "OUTBOUND", now.minus(42, ChronoUnit.DAYS));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(relationship(recruiter, jill)
                                    .path("reciprocity")
                                    .path("replied")
                                    .asInt())
                            .isEqualTo(1));

            JsonNode overdue = relationship(recruiter, jill);
            assertThat(overdue.path("status").asString()).isEqualTo("OVERDUE");
            assertThat(overdue.path("cadenceSource").asString()).isEqualTo("TAG");
            assertThat(overdue.path("cadenceDays").asInt()).isEqualTo(20);
            assertThat(overdue.path("cadence").path("tag").asString()).isEqualTo("marketing");
            assertStrengthAddsUp(overdue.path("strength"));
            assertThat(overdue.path("reciprocity").path("outreaches").asInt()).isEqualTo(1);
            assertThat(overdue.path("reciprocity").path("sentences").size()).isPositive();
            String first = overdue.path("suggestion").path("shareableId").asString();
            assertThat(first).as(overdue.toString()).isIn(courage, funnels).isNotEqualTo(unrelated);
            assertThat(overdue.path("suggestedAction").asString())
                    .contains(overdue.path("suggestion").path("title").asString());

            JsonNode announced = awaitWebhook(receiver, jill, "relationship.overdue", overdue);
            JsonNode state = announced.path("data").path("state");
            assertStrengthAddsUp(state.path("strength"));
            assertThat(state.path("reciprocity").path("sentences").size()).isPositive();
            assertThat(state.path("suggestion").path("shareableId").asString()).isEqualTo(first);
            assertThat(receiver.invalid()).as("requests with a wrong signature").isZero();

            // She shared it 24 days ago: due again 4 days ago, and the other marketing item is the one to share.
            recruiter.shared(jill, first, now.minus(24, ChronoUnit.DAYS));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(recruiter.status(jill)).isEqualTo("DUE"));
            JsonNode due = relationship(recruiter, jill);
            String second = first.equals(courage) ? funnels : courage;
            assertThat(due.path("suggestion").path("shareableId").asString())
                    .as(due.toString())
                    .isEqualTo(second);
            assertThat(due.path("suggestedAction").asString())
                    .contains(due.path("suggestion").path("title").asString())
                    .doesNotContain(overdue.path("suggestion").path("title").asString());
            assertThat(awaitWebhook(receiver, jill, "relationship.due", due)
                            .path("data")
                            .path("state")
                            .path("suggestion")
                            .path("shareableId")
                            .asString())
                    .isEqualTo(second);

            Response address = recruiter.reminders().get("/api/calendar-feed");
            assertThat(address.status()).as(address.toString()).isEqualTo(200);
            String url = address.json().path("url").asString();
            Response feed = subscribed(url);
            assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
            List<VEvent> events =
                    new CalendarBuilder().build(new StringReader(feed.body())).getComponents(Component.VEVENT);
            assertThat(events).as(feed.body()).singleElement().satisfies(event -> {
                assertThat(value(event, Property.UID)).startsWith(jill + "@");
                assertThat(value(event, Property.SUMMARY)).contains("Jill");
                JsonNode shown = relationship(recruiter, jill);
                assertThat(value(event, Property.DESCRIPTION))
                        .contains(strings(shown.path("reasons")))
                        .contains("Suggested: " + shown.path("suggestedAction").asString());
            });

            Response rotated = recruiter.reminders().post("/api/calendar-feed/rotate", "");
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            String rotatedUrl = rotated.json().path("url").asString();
            assertThat(rotatedUrl).isNotEqualTo(url);
            assertThat(subscribed(url).status()).isEqualTo(404);
            assertThat(subscribed(rotatedUrl).status()).isEqualTo(200);

            Response strongestFirst = recruiter.reminders().get("/api/relationships?sort=strength");
            assertThat(strongestFirst.status()).as(strongestFirst.toString()).isEqualTo(200);
            assertThat(strongestFirst.json().path("items").findValuesAsString("contactId"))
                    .containsExactly(jill);
            Response insights = recruiter.reminders().get("/api/relationships/insights");
            assertThat(insights.status()).as(insights.toString()).isEqualTo(200);
            assertThat(insights.json().findValuesAsString("contactId")).contains(jill);
        }
    }

    private static JsonNode relationship(People recruiter, String contactId) {
        Response relationship = recruiter.reminders().get("/api/relationships/" + contactId);
        assertThat(relationship.status()).as(relationship.toString()).isEqualTo(200);
        return relationship.json();
    }

    /** Four components whose points make the score. */
    private static void assertStrengthAddsUp(JsonNode strength) {
        JsonNode components = strength.path("components");
        assertThat(components.findValuesAsString("name"))
                .as(strength.toString())
                .containsExactlyInAnyOrder("recency", "frequency", "reciprocity", "tenure");
        int points = StreamSupport.stream(components.spliterator(), false)
                .mapToInt(component -> component.path("points").asInt())
                .sum();
        assertThat(strength.path("score").isNumber()).as(strength.toString()).isTrue();
        assertThat(points)
                .as(strength.toString())
                .isEqualTo(strength.path("score").asInt());
    }

    /** The webhook of {@code type} for the contact that announced the due date {@code state} has. */
    private static JsonNode awaitWebhook(Receiver receiver, String contactId, String type, JsonNode state) {
        Instant dueAt = Instant.parse(state.path("nextDueAt").asString());
        return await().atMost(PATIENCE)
                .until(
                        () -> receiver.received().stream()
                                .map(Receiver.Received::json)
                                .filter(json -> json.path("type").asString().equals(type))
                                .filter(json -> json.path("data")
                                        .path("contactId")
                                        .asString()
                                        .equals(contactId))
                                .filter(json -> dueAt.toString()
                                        .equals(Instant.parse(json.path("data")
                                                        .path("state")
                                                        .path("nextDueAt")
                                                        .asString())
                                                .toString()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** The feed as a calendar application fetches it: the address as given, without a token. */
    private static Response subscribed(String url) {
        return HttpApi.at(url).get("");
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).orElse(null);
    }

    private static String[] strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asString)
                .toArray(String[]::new);
    }
}
