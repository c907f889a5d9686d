package com.keepintouch.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.notifier.support.RelationshipEvents;
import com.keepintouch.notifier.support.WebhookReceiver;
import com.keepintouch.notifier.support.WebhookReceiver.Answer;
import com.keepintouch.platform.security.TargetGuard;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * SSRF: with nothing allow-listed but one test address (127.0.0.2), webhooks may not reach this
 * machine, the private network or the metadata service: not by a literal address, not by a name
 * that resolves to one (also when it changes after the check), not by a redirect.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "kit.webhooks.consumer-group=ssrf-it",
            "kit.webhooks.allowed-networks=127.0.0.2/32",
            "kit.webhooks.sweep-interval=100ms"
        })
@WithInfrastructure
@Import({NotifierTestClock.class, SsrfIT.Dns.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SsrfIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** Name resolution a test can change, as DNS changes under an attacker's control; the rest is the system's. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Dns {
        static final Map<String, InetAddress[]> OVERRIDES = new ConcurrentHashMap<>();

        @Bean
        TargetGuard.Resolver resolver() {
            return host -> {
                InetAddress[] overridden = OVERRIDES.get(host);
                return overridden != null ? overridden : InetAddress.getAllByName(host);
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    SettableClock clock;

    HttpApi as(String owner) {
        return HttpApi.at(port).as(TestTokens.token(owner, "recruiter"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/hook",
                "http://10.0.0.5/hook",
                "http://192.168.1.20/hook",
                "http://172.16.3.4/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://100.64.0.1/hook",
                "http://0.0.0.0/hook",
                "http://224.0.0.1/hook",
                "http://[::1]/hook",
                "http://[fd00::1]/hook",
                "http://[fe80::1]/hook",
                "http://[::ffff:127.0.0.1]/hook",
                "file:///etc/passwd",
                "gopher://127.0.0.2/x"
            })
    void literalInternalAddressesAndOtherSchemesAreRefused(String url) {
        Response response =
                as(RelationshipEvents.newOwner("mallory")).post("/api/webhooks", "{\"url\":\"" + url + "\"}");

        assertThat(response.status()).as(url).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("url");
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() throws UnknownHostException {
        Response response = as(RelationshipEvents.newOwner("mallory"))
                .post("/api/webhooks", "{\"url\":\"http://localhost:8080/hook\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString())
                .contains("localhost resolves to")
                .contains("loopback");
    }

    @Test
    void anAllowListedAddressIsAccepted() {
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.2")) {
            Response response = as(RelationshipEvents.newOwner("alice"))
                    .post("/api/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(response.status()).isEqualTo(201);
        }
    }

    @Test
    void aNameCheckedAgainAtEveryAttemptIsRefusedWhenItNowResolvesInside() throws Exception {
        String owner = RelationshipEvents.newOwner("mallory");
        try (WebhookReceiver inside = WebhookReceiver.start("127.0.0.1")) {
            String host = "localhost";
            Dns.OVERRIDES.put(host, new InetAddress[] {InetAddress.getByName("127.0.0.2")});
            Response created =
                    as(owner).post("/api/webhooks", "{\"url\":\"http://" + host + ":" + inside.port() + "/hook\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String endpointId = created.json().path("id").asString();

            // Rebinding: the name now points inside.
            Dns.OVERRIDES.put(host, new InetAddress[] {InetAddress.getByName("127.0.0.1")});
            new RelationshipEvents(kafka)
                    .publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());

            JsonNode delivery = awaitAttempt(owner, endpointId);
            assertThat(delivery.path("lastError").asString())
                    .startsWith("not sent: localhost resolves to 127.0.0.1, a loopback address");
            assertThat(inside.received()).isEmpty();
        } finally {
            Dns.OVERRIDES.clear();
        }
    }

    @Test
    void aRedirectToAnInternalAddressIsNotFollowed() {
        String owner = RelationshipEvents.newOwner("mallory");
        try (WebhookReceiver inside = WebhookReceiver.start("127.0.0.1");
                WebhookReceiver outside = WebhookReceiver.start("127.0.0.2")) {
            outside.answer(new Answer(302, "Location", inside.url()));
            Response created = as(owner).post("/api/webhooks", "{\"url\":\"" + outside.url() + "\"}");
            String endpointId = created.json().path("id").asString();

            new RelationshipEvents(kafka)
                    .publish("relationship.due", RelationshipEvents.newContactId(), owner, "DUE", clock.instant());

            JsonNode delivery = awaitAttempt(owner, endpointId);
            assertThat(delivery.path("responseStatus").asInt()).isEqualTo(302);
            assertThat(delivery.path("lastError").asString()).contains("redirects are not followed");
            assertThat(outside.received()).hasSize(1);
            assertThat(inside.received()).isEmpty();
        }
    }

    JsonNode awaitAttempt(String owner, String endpointId) {
        await().atMost(WAIT).until(() -> {
            JsonNode items = as(owner)
                    .get("/api/deliveries?endpointId=" + endpointId)
                    .json()
                    .path("items");
            return items.size() == 1 && items.get(0).path("attempts").asInt() >= 1;
        });
        List<JsonNode> items = List.of(as(owner)
                .get("/api/deliveries?endpointId=" + endpointId)
                .json()
                .path("items")
                .get(0));
        return items.get(0);
    }
}
