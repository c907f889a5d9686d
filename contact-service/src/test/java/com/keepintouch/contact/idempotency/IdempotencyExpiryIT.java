package com.keepintouch.contact.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * How long an Idempotency-Key holds, over HTTP on the real database, with a clock the test moves:
 * an answer is replayed for kit.idempotency.retention and the key is free after it; a key whose
 * first request died (its RUNNING document left behind, as a kill -9 leaves it) is free after
 * kit.idempotency.running-timeout and refused as still running before.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"kit.erasure.consumer-group=idempotency-expiry-it", "kit.erasure.resume-interval=1h"})
@WithInfrastructure
@Import(IdempotencyExpiryIT.Clocks.class)
// Closed after the class: a cached context would go on running its sweeps with a clock a day ahead.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IdempotencyExpiryIT {

    static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        SettableClock clock() {
            return new SettableClock(START);
        }
    }

    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of("contacts", "contact_emails", "idempotency_keys"));
    }

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    @Autowired
    MongoDatabase database;

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String contact(String name) {
        return "{\"name\":\"" + name + "\",\"emails\":[\"" + name.toLowerCase() + "." + unique() + "@example.com\"]}";
    }

    Response post(String user, String key, String body) {
        return as(user).post("/api/contacts", body, Map.of("Idempotency-Key", key));
    }

    MongoCollection<Document> keys() {
        return database.getCollection(IdempotencyKeys.COLLECTION);
    }

    /**
     * What a request with {@code body} killed between taking the key and answering leaves: the key
     * RUNNING since then, with the hash of that body (the one a completed request of it stored).
     */
    void leftRunningByADeadRequest(String owner, String key, String body, Instant since) {
        String probeOwner = "probe-" + unique();
        String probeKey = UUID.randomUUID().toString();
        assertThat(post(probeOwner, probeKey, body).status()).isEqualTo(201);
        String requestHash = keys().find(Filters.eq("_id", IdempotencyKeys.id(probeOwner, probeKey)))
                .first()
                .getString("requestHash");
        keys().insertOne(new IdempotencyKeyDocuments()
                .toDocument(IdempotencyKey.running(IdempotencyKeys.id(owner, key), requestHash, since)));
    }

    @Test
    void anAnswerIsReplayedWithinTheRetentionAndAfterItTheKeyIsCarriedOutAnew() {
        String owner = "retained-" + unique();
        String key = UUID.randomUUID().toString();
        String first = contact("Ada");

        Response created = post(owner, key, first);
        clock.advance(Duration.ofHours(23));
        Response replayed = post(owner, key, first);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
        assertThat(replayed.json().path("id").asString())
                .isEqualTo(created.json().path("id").asString());

        // a day after its first request the key is free: another body with it is a new request
        clock.advance(Duration.ofHours(2));
        String second = contact("Grace");
        Response anew = post(owner, key, second);
        Response anewReplayed = post(owner, key, second);

        assertThat(anew.status()).as(anew.body()).isEqualTo(201);
        assertThat(anew.header("Idempotent-Replayed")).isEmpty();
        assertThat(anew.json().path("name").asString()).isEqualTo("Grace");
        assertThat(anew.json().path("id").asString())
                .isNotEqualTo(created.json().path("id").asString());
        assertThat(as(owner).get("/api/contacts?limit=10").json().path("items")).hasSize(2);
        assertThat(anewReplayed.status()).isEqualTo(201);
        assertThat(anewReplayed.header("Idempotent-Replayed")).hasValue("true");
        assertThat(anewReplayed.json().path("id").asString())
                .isEqualTo(anew.json().path("id").asString());
    }

    @Test
    void aKeyWhoseRequestDiedIsRefusedAsRunningUntilTheRunningTimeoutThenTakenOver() {
        String owner = "crashed-" + unique();
        String key = UUID.randomUUID().toString();
        String body = contact("Linus");
        leftRunningByADeadRequest(owner, key, body, clock.instant().minus(Duration.ofMinutes(1)));

        Response tooSoon = post(owner, key, body);

        assertThat(tooSoon.status()).as(tooSoon.body()).isEqualTo(409);
        assertThat(tooSoon.contentType()).startsWith("application/problem+json");
        assertThat(tooSoon.json().path("detail").asString()).contains("still running");

        // two minutes after the dead request took it (kit.idempotency.running-timeout), the key is free
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        Response retried = post(owner, key, body);
        Response again = post(owner, key, body);

        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEmpty();
        assertThat(retried.json().path("name").asString()).isEqualTo("Linus");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(again.json().path("id").asString())
                .isEqualTo(retried.json().path("id").asString());
        Document stored =
                keys().find(Filters.eq("_id", IdempotencyKeys.id(owner, key))).first();
        assertThat(stored.get("createdAt"))
                .as("a BSON date, which the TTL index expires")
                .isInstanceOf(Date.class);
    }

    @Test
    void ofTwoRetriesOfAKeyWhoseRequestDiedOneCarriesItOut() throws Exception {
        String owner = "raced-" + unique();
        String key = UUID.randomUUID().toString();
        String body = contact("Barbara");
        leftRunningByADeadRequest(owner, key, body, clock.instant().minus(Duration.ofMinutes(10)));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Response> answers = new ArrayList<>();
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Response>> retries = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                retries.add(pool.submit(() -> {
                    start.await();
                    return post(owner, key, body);
                }));
            }
            for (Future<Response> retry : retries) {
                answers.add(retry.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // one carried it out; the other found it running (409) or, once done, replayed its answer
        List<Response> carriedOut = answers.stream()
                .filter(a ->
                        a.status() == 201 && a.header("Idempotent-Replayed").isEmpty())
                .toList();
        assertThat(carriedOut).as("%s", answers).hasSize(1);
        Response other = answers.get(answers.get(0) == carriedOut.get(0) ? 1 : 0);
        if (other.status() == 201) {
            assertThat(other.json().path("id").asString())
                    .isEqualTo(carriedOut.get(0).json().path("id").asString());
        } else {
            assertThat(other.status()).as(other.body()).isEqualTo(409);
        }
        assertThat(as(owner).get("/api/contacts?limit=10").json().path("items")).hasSize(1);
    }

    @Test
    void theKeysExpireInMongoDbThroughATtlIndexOfTheRetention() {
        Document ttl = null;
        for (Document index : keys().listIndexes()) {
            if ("createdAt_1".equals(index.getString("name"))) {
                ttl = index;
            }
        }
        assertThat(ttl).as("the TTL index of idempotency_keys").isNotNull();
        assertThat(ttl.get("key", Document.class)).containsEntry("createdAt", 1);
        assertThat(ttl.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(86_400L);
    }
}
