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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Property: an erasure is idempotent and survives a {@code kill -9} of any service mid-way. For
 * each of the four services a person of their own is erased and that service is killed while the
 * request runs, after a seeded delay drawn from the time that service took to confirm an erasure
 * of a first person undisturbed (measured here, at most {@value #MAX_DELAY_MILLIS} ms): the kill
 * falls before, inside or just after its step (the test prints which). The four are started again together and a request the kill cut off is sent
 * again. Then each erasure completes with all four confirmed, the killed service's database holds
 * nothing of its person, nothing anywhere does, and erasing again answers the same erasure and
 * changes nothing.
 */
class ErasureUnderFaultsIT {

    private static final long SEED = 18;
    private static final int MAX_DELAY_MILLIS = 2000;
    private static final String WARM_UP = "none (measuring)";
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
            for (String service : List.of(
                    WARM_UP, "interaction-service", "reminder-service", "notifier-service", "contact-service")) {
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
                                    .anyMatch(r -> r.body().contains(p.surname()))));

            // How long each service takes to confirm an erasure here, undisturbed: the kills fall within it.
            Person warmUp = people.remove(WARM_UP);
            JsonNode measured = ErasureJourneyIT.awaitCompleted(
                    fern,
                    ErasureJourneyIT.erase(fern, warmUp.contactId())
                            .json()
                            .path("erasureId")
                            .asString());
            Instant requested = Instant.parse(measured.path("requestedAt").asString());
            Map<String, Long> takes = new LinkedHashMap<>();
            people.keySet()
                    .forEach(service -> takes.put(
                            service,
                            Math.max(
                                    1,
                                    Duration.between(
                                                    requested,
                                                    Instant.parse(step(measured, service)
                                                            .path("confirmedAt")
                                                            .asString()))
                                            .toMillis())));
            System.out.printf("[erasure-faults] undisturbed, each service confirms within (ms) %s%n", takes);

            Map<String, String> erasures = new LinkedHashMap<>();
            Map<String, Instant> killedAt = new LinkedHashMap<>();
            for (Person person : people.values()) {
                // Asked, and the service killed while the request may still run: contact-service
                // does its own steps inside it, the others theirs within a few hundred ms of it.
                CompletableFuture<Response> asked =
                        CompletableFuture.supplyAsync(() -> ErasureJourneyIT.erase(fern, person.contactId()));
                int delay = random.nextInt((int) Math.min(MAX_DELAY_MILLIS, takes.get(person.service())) + 1);
                LockSupport.parkNanos(Duration.ofMillis(delay).toNanos());
                killedAt.put(person.service(), Instant.now());
                stack.kill(person.service());
                assertThat(stack.isAlive(person.service())).isFalse();
                Response accepted = answer(asked);
                System.out.printf(
                        "[erasure-faults] seed %d: kill -9 %s %d ms after asking to erase %s (%s)%n",
                        SEED,
                        person.service(),
                        delay,
                        person.contactId(),
                        accepted == null ? "the request was cut off" : "answered " + accepted.status());
                if (accepted != null) {
                    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                    erasures.put(
                            person.service(), accepted.json().path("erasureId").asString());
                }
            }
            stack.start(LocalStack.SERVICES);
            // A request the kill cut off is asked again, as its client would: the erasure it began, or a new one.
            for (Person person : people.values()) {
                if (!erasures.containsKey(person.service())) {
                    Response accepted = ErasureJourneyIT.erase(fern, person.contactId());
                    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                    erasures.put(
                            person.service(), accepted.json().path("erasureId").asString());
                }
            }

            Map<String, JsonNode> completed = new LinkedHashMap<>();
            for (Person person : people.values()) {
                String erasureId = erasures.get(person.service());
                completed.put(person.service(), ErasureJourneyIT.awaitCompleted(fern, erasureId));
                Instant confirmed = Instant.parse(step(completed.get(person.service()), person.service())
                        .path("confirmedAt")
                        .asString());
                System.out.printf(
                        "[erasure-faults] seed %d: %s confirmed %s ms %s its kill%n",
                        SEED,
                        person.service(),
                        Math.abs(Duration.between(killedAt.get(person.service()), confirmed)
                                .toMillis()),
                        confirmed.isBefore(killedAt.get(person.service())) ? "before" : "after");
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
            List<String> needles = new ArrayList<>(List.of(warmUp.surname(), warmUp.email(), warmUp.topic()));
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

    /** The tracking's entry for {@code service}. */
    private static JsonNode step(JsonNode tracking, String service) {
        for (JsonNode step : tracking.path("services")) {
            if (step.path("service").asString().equals(service)) {
                return step;
            }
        }
        throw new AssertionError(service + " is missing from " + tracking);
    }

    /** The answer to the erase request, or null when the kill cut it off. */
    private static Response answer(CompletableFuture<Response> asked) {
        try {
            return asked.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException cutOff) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("the erase request neither answered nor failed within 60 s", e);
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
