package com.keepintouch.reminder.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.reminder.ReminderServiceApplication;
import com.keepintouch.reminder.relationship.ReminderEvents;
import com.keepintouch.reminder.relationship.ReminderTestClock;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.ServiceInstance;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoDatabase;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** The calendar feed on the real broker and database: subscribed to without a token, parsed back with ical4j. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.reminders.consumer-group=calendar-feed-it",
            "kit.reminders.sweep-interval=200ms",
            "kit.calendar-feed.base-url=" + CalendarFeedIT.BASE_URL
        })
@WithInfrastructure
@Import(ReminderTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class CalendarFeedIT {

    static final String BASE_URL = "https://reminders.example.org";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final DateTimeFormatter ICAL_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** Every query the feed made is served by an index. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of("relationships", "calendar_feeds"));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    @Autowired
    MongoDatabase database;

    HttpApi as(String user, String scope) {
        return HttpApi.at(port).as(TestTokens.token(user, scope));
    }

    HttpApi anonymous() {
        return HttpApi.at(port);
    }

    static String newOwner() {
        return "cal-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A contact whose only touch, an email of the recruiter's, was {@code daysAgo} days ago. */
    String contactTouched(String owner, String name, Integer cadenceDays, int daysAgo) {
        String contactId = ReminderEvents.newContactId();
        Instant now = clock.instant();
        Instant met = now.minus(Duration.ofDays(daysAgo + 10L));
        ReminderEvents events = new ReminderEvents(kafka);
        events.contactCreated(contactId, owner, met, met, d -> {
            d.put("name", name);
            if (cadenceDays != null) {
                d.put("cadenceDays", cadenceDays);
            }
        });
        events.interaction(
                "i_" + UUID.randomUUID(), contactId, owner, "EMAIL", "OUTBOUND", now.minus(Duration.ofDays(daysAgo)));
        await().atMost(WAIT).until(() -> {
            Response r = as(owner, "recruiter").get("/api/relationships/" + contactId);
            return r.status() == 200 && r.json().path("counts").path("touches").asInt() == 1;
        });
        return contactId;
    }

    JsonNode relationship(String owner, String contactId) {
        return as(owner, "recruiter").get("/api/relationships/" + contactId).json();
    }

    static String path(String url) {
        return URI.create(url).getRawPath();
    }

    static Map<String, VEvent> eventsByUid(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        return events.stream().collect(Collectors.toMap(e -> value(e, Property.UID), Function.identity()));
    }

    static String value(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).orElse(null);
    }

    @Test
    void theFeedListsDueAndUpcomingRemindersWithTheirReasonsAsAllDayEvents(CapturedOutput output) throws Exception {
        String owner = newOwner();
        String overdue = contactTouched(owner, "Jill Summers", null, 200); // REGULAR: due 110 days ago
        String upcoming = contactTouched(owner, "Omar Haddad", 30, 20); // due in 10 days
        String later = contactTouched(owner, "Ana Lima", 90, 1); // due in 89 days: beyond the horizon
        await().atMost(WAIT)
                .until(() -> "OVERDUE"
                        .equals(relationship(owner, overdue).path("status").asString()));

        Response address = as(owner, "recruiter").get("/api/calendar-feed");
        assertThat(address.status()).isEqualTo(200);
        String url = address.json().path("url").asString();
        assertThat(url).matches(BASE_URL.replace(".", "\\.") + "/calendar/[A-Za-z0-9_-]{43}\\.ics");
        assertThat(address.json().path("createdAt").asString()).isNotBlank();
        // the same address on every call until rotated
        assertThat(as(owner, "recruiter")
                        .get("/api/calendar-feed")
                        .json()
                        .path("url")
                        .asString())
                .isEqualTo(url);

        Response feed = anonymous().get(path(url));
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.contentType()).startsWith("text/calendar").containsIgnoringCase("charset=utf-8");
        assertThat(feed.header("Cache-Control").orElseThrow())
                .contains("private")
                .contains("max-age=300");
        String etag = feed.header("ETag").orElseThrow();

        Map<String, VEvent> events = eventsByUid(feed.body());
        assertThat(events).containsOnlyKeys(overdue + "@reminders.example.org", upcoming + "@reminders.example.org");
        assertThat(feed.body()).contains("X-WR-CALNAME:Keep in touch").contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H");

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        VEvent jill = events.get(overdue + "@reminders.example.org");
        assertThat(value(jill, Property.SUMMARY)).isEqualTo("Keep in touch with Jill Summers (overdue)");
        assertThat(value(jill, Property.DTSTART)).isEqualTo(today.format(ICAL_DATE)); // on today, not 110 days ago
        assertThat(jill.getProperty(Property.DTSTART).orElseThrow().getParameter(Parameter.VALUE))
                .map(Parameter::getValue)
                .contains("DATE");
        JsonNode jillState = relationship(owner, overdue);
        String description = value(jill, Property.DESCRIPTION);
        jillState.path("reasons").forEach(reason -> assertThat(description).contains(reason.asString()));
        assertThat(description)
                .contains("Suggested: " + jillState.path("suggestedAction").asString());
        assertThat(value(jill, Property.DTSTAMP)).isNotBlank();
        assertThat(value(jill, Property.LAST_MODIFIED)).isNotBlank();

        VEvent omar = events.get(upcoming + "@reminders.example.org");
        assertThat(value(omar, Property.SUMMARY)).isEqualTo("Keep in touch with Omar Haddad");
        LocalDate omarDue = LocalDate.ofInstant(
                Instant.parse(relationship(owner, upcoming).path("nextDueAt").asString()), ZoneOffset.UTC);
        assertThat(omarDue).isAfter(today);
        assertThat(value(omar, Property.DTSTART)).isEqualTo(omarDue.format(ICAL_DATE));
        assertThat(later).isNotIn(events.keySet());

        // unchanged, the feed is not sent again
        Response again = anonymous().send("GET", path(url), Map.of("If-None-Match", etag), BodyPublishers.noBody());
        assertThat(again.status()).isEqualTo(304);

        assertThat(output.getAll())
                .doesNotContain(
                        path(url).substring("/calendar/".length(), path(url).length() - 4));
    }

    @Test
    void aRotatedAddressIsGoneAtOnceOnEveryInstanceAndTheNewOneAnswers(CapturedOutput output) {
        String owner = newOwner();
        contactTouched(owner, "Jill Summers", null, 200);
        String old = as(owner, "recruiter")
                .get("/api/calendar-feed")
                .json()
                .path("url")
                .asString();
        assertThat(anonymous().get(path(old)).status()).isEqualTo(200);

        try (ServiceInstance other = ServiceInstance.start(
                ReminderServiceApplication.class,
                database.getName(),
                clock,
                List.of(
                        "kit.reminders.consumer-group=calendar-feed-it-other",
                        "kit.reminders.emit-transitions=false",
                        "kit.calendar-feed.base-url=" + BASE_URL))) {
            HttpApi otherAnonymous =
                    HttpApi.at(Integer.parseInt(other.context().getEnvironment().getProperty("local.server.port")));
            assertThat(otherAnonymous.get(path(old)).status()).isEqualTo(200);

            Response rotated = as(owner, "recruiter").post("/api/calendar-feed/rotate", "");
            assertThat(rotated.status()).isEqualTo(200);
            String fresh = rotated.json().path("url").asString();
            assertThat(fresh).isNotEqualTo(old).startsWith(BASE_URL + "/calendar/");
            assertThat(rotated.json().path("rotatedAt").asString()).isNotBlank();
            assertThat(as(owner, "recruiter")
                            .get("/api/calendar-feed")
                            .json()
                            .path("url")
                            .asString())
                    .isEqualTo(fresh);

            for (HttpApi instance : List.of(anonymous(), otherAnonymous)) {
                Response gone = instance.get(path(old));
                assertThat(gone.status()).isEqualTo(404);
                assertThat(gone.contentType()).startsWith("application/problem+json");
                assertThat(gone.json().path("detail").asString()).contains("no calendar feed at this address");
                assertThat(instance.get(path(fresh)).status()).isEqualTo(200);
            }
            String oldToken =
                    path(old).substring("/calendar/".length(), path(old).length() - 4);
            String freshToken =
                    path(fresh).substring("/calendar/".length(), path(fresh).length() - 4);
            assertThat(output.getAll()).doesNotContain(oldToken).doesNotContain(freshToken);
        }
    }

    @Autowired
    ObservationRegistry observations;

    @Test
    void aFeedsTokenStaysOutOfTheTraces() {
        String owner = newOwner();
        String url = as(owner, "recruiter")
                .get("/api/calendar-feed")
                .json()
                .path("url")
                .asString();
        List<String> recorded = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                KeyValue at = context.getHighCardinalityKeyValue("http.url");
                if (at != null) {
                    recorded.add(at.getValue());
                }
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ServerRequestObservationContext;
            }
        });

        assertThat(anonymous().get(path(url)).status()).isEqualTo(200);
        assertThat(anonymous()
                        .get("/calendar/" + FeedToken.random().value() + ".ics")
                        .status())
                .isEqualTo(404);

        await().atMost(WAIT).until(() -> recorded.size() >= 2);
        assertThat(recorded).contains("/calendar/{token}.ics").noneMatch(at -> at.contains(path(url)));
        assertThat(recorded).allMatch(at -> !at.startsWith("/calendar/") || at.equals("/calendar/{token}.ics"));
    }

    @Test
    void anAddressNeverIssuedIsTheSame404AsARotatedOne() {
        Response random = anonymous().get("/calendar/" + FeedToken.random().value() + ".ics");
        Response garbage = anonymous().get("/calendar/not-a-token.ics");
        for (Response r : List.of(random, garbage)) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("detail").asString())
                    .isEqualTo("There is no calendar feed at this address; its owner finds the current one at"
                            + " GET /api/calendar-feed");
        }
    }

    @Test
    void theAddressIsTheCallersOwnAndNeedsAToken() {
        String owner = newOwner();
        assertThat(anonymous().get("/api/calendar-feed").status()).isEqualTo(401);
        assertThat(anonymous().post("/api/calendar-feed/rotate", "").status()).isEqualTo(401);
        // ops reads across owners and keeps no relationships: no feed, and no rotation (a write)
        assertThat(as("ops-1", "ops").get("/api/calendar-feed").status()).isEqualTo(403);
        assertThat(as("ops-1", "ops").post("/api/calendar-feed/rotate", "").status())
                .isEqualTo(403);

        String mine = as(owner, "recruiter")
                .get("/api/calendar-feed")
                .json()
                .path("url")
                .asString();
        // an admin naming the owner still gets the admin's own feed, never the owner's
        Response admin = as("admin-1", "admin").get("/api/calendar-feed?ownerId=" + owner);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("url").asString()).isNotEqualTo(mine);
    }
}
