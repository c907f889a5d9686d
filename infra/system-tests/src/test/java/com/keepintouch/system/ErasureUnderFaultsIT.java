package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.testkit.HttpApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Property: an erasure is idempotent and survives a {@code kill -9} of any service mid-way. For
 * each of the four services a person of their own is erased and that service is killed right
 * after the request (a seeded delay of up to {@value #MAX_DELAY_MILLIS} ms, so that the kill falls
 * before, inside or after the service's step), the four are started again together; then each
 * erasure completes with all four confirmed, the killed service's database holds nothing of its
 * person, nothing anywhere does, and erasing again answers the same erasure and changes nothing.
 */
class ErasureUnderFaultsIT {

    private static final long SEED = 18;
    private static final int MAX_DELAY_MILLIS = 1500;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** Someone whose data each service holds, with words found nowhere else. */
    private record Person(String service, String contactId, String surname, String email, String topic) {

        PersonalDataScan scan() {
            return PersonalDataScan.of(List.of(surname, email, topic));
        }
    }

    @Test
    void anErasureSurvivesAKillOfAnyServiceMidWayAndASecondOneChangesNothing() {
        LocalStack stack = SystemStack.healthy();
        Random random = new Random(SEED);
        People fern = People.recruiter("fern");
        try (Receiver receiver = Receiver.start()) {
            fern.subscribe(receiver, "relationship.overdue");
            Map<String, Person> people = new LinkedHashMap<>();
            Instant longAgo = Instant.now().minus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            // contact-service last: the other three erasures are asked of it while it is still up.
            for (String service :
                    List.of("interaction-service", "reminder-service", "notifier-service", "contact-service")) {
                Person person = person(fern, service, random);
                Response recorded = fern.interactions()
                        .post("/api/interactions", """
                        {"contactId":"%s","type":"MEETING","direction":"OUTBOUND","occurredAt":"%s","summary":"Talked about %s"}""".formatted(person.contactId(), longAgo, person.topic()));
                assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
                people.put(service, person);
            }
            // Each service holds something of each of them: the webhook of the overdue relationship names them.
            await().atMost(PATIENCE)
                    .untilAsserted(() -> people.values()
                            .forEach(p -> assertThat(receiver.received())
                                    .as("the webhook about " + p.contactId())
                                    .anySatisfy(r -> assertThat(r.body()).contains(p.surname()))));

            Map<String, String> erasures = new LinkedHashMap<>();
            for (Person person : people.values()) {
                Response accepted = ErasureJourneyIT.erase(fern, person.contactId());
                assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                erasures.put(person.service(), accepted.json().path("erasureId").asString());
                int delay = random.nextInt(MAX_DELAY_MILLIS + 1);
                System.out.printf(
                        "[erasure-faults] seed %d: kill -9 %s %d ms after erasing %s%n",
                        SEED, person.service(), delay, person.contactId());
                LockSupport.parkNanos(Duration.ofMillis(delay).toNanos());
                stack.kill(person.service());
                assertThat(stack.isAlive(person.service())).isFalse();
            }
            stack.start(LocalStack.SERVICES);

            Map<String, JsonNode> completed = new LinkedHashMap<>();
            for (Person person : people.values()) {
                String erasureId = erasures.get(person.service());
                completed.put(person.service(), ErasureJourneyIT.awaitCompleted(fern, erasureId));
                PersonalDataScan.assertNothingFound(
                        "(seed %d) in %s's database after it was killed erasing %s"
                                .formatted(SEED, person.service(), person.contactId()),
                        person.scan().database(stack.settings(), PersonalDataScan.DATABASES.get(person.service())));
                assertThat(fern.contacts()
                                .get("/api/contacts/" + person.contactId())
                                .status())
                        .isEqualTo(404);
            }
            int webhooks = receiver.received().size();
            List<String> needles = new ArrayList<>();
            people.values().forEach(p -> needles.addAll(List.of(p.surname(), p.email(), p.topic())));
            PersonalDataScan.assertNothingFound(
                    "(seed %d) anywhere in the stack".formatted(SEED),
                    PersonalDataScan.of(needles).everywhere(stack.settings()));

            // Erasing again: the same erasure, and nothing changes, nothing is announced.
            Map<String, Integer> erasedEvents = erasedEvents(people);
            for (Person person : people.values()) {
                Response again = ErasureJourneyIT.erase(fern, person.contactId());
                assertThat(again.status()).as(again.toString()).isEqualTo(202);
                assertThat(again.json().path("erasureId").asString()).isEqualTo(erasures.get(person.service()));
            }
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> people.values()
                            .forEach(p -> assertThat(ErasureJourneyIT.tracking(fern, erasures.get(p.service())))
                                    .isEqualTo(completed.get(p.service()))));
            assertThat(erasedEvents(people)).isEqualTo(erasedEvents);
            assertThat(receiver.received()).as("webhooks after the erasures").hasSize(webhooks);
        }
    }

    private static Person person(People who, String service, Random random) {
        String surname = word(random, "Q");
        String email = word(random, "x").toLowerCase(Locale.ROOT) + "@erasure.example";
        String topic = word(random, "Z");
        Response created = who.contacts().post("/api/contacts", """
                {"name":"Ottoline %s","emails":["%s"],"cadenceDays":30,"tier":"REGULAR"}""".formatted(surname, email));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Person(service, created.json().path("id").asString(), surname, email, topic);
    }

    /** A made-up word starting with {@code first}: ten letters, the same for the same seed. */
    private static String word(Random random, String first) {
        StringBuilder word = new StringBuilder(first);
        for (int i = 0; i < 9; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static Map<String, Integer> erasedEvents(Map<String, Person> people) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<JsonNode> erased =
                Topics.read("contacts.v1", e -> e.path("type").asString().equals("contact.erased"));
        people.values()
                .forEach(p -> counts.put(p.contactId(), (int) erased.stream()
                        .filter(e -> p.contactId().equals(e.path("subject").asString()))
                        .count()));
        return counts;
    }
}
