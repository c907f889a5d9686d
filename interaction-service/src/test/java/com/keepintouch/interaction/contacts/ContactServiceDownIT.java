package com.keepintouch.interaction.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** contact-service stopped: unknown contacts get 503 with Retry-After, known ones are still recorded. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "kit.contacts.retries=1")
@WithInfrastructure
class ContactServiceDownIT {

    static final String STOPPED_URL;

    static {
        ContactServiceStandIn standIn = new ContactServiceStandIn();
        STOPPED_URL = standIn.url();
        standIn.close(); // nothing listens there any more
    }

    @DynamicPropertySource
    static void contactService(DynamicPropertyRegistry registry) {
        registry.add("kit.contacts.base-url", () -> STOPPED_URL);
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void unknownContactIs503WithRetryAfterWhileKnownContactsStillWork() {
        HttpApi alice = HttpApi.at(port).as(TestTokens.token("alice", "recruiter"));
        String known = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ContactEventsFixture.publish(kafka, "contact.created", known, "alice", 1);

        for (int i = 0; i < 6; i++) { // enough failures to open the circuit, too
            Response unknown =
                    alice.post("/api/interactions", "{\"contactId\":\"c_unknown" + i + "\",\"type\":\"CALL\"}");
            assertThat(unknown.status()).isEqualTo(503);
            assertThat(unknown.header("Retry-After")).isPresent();
            assertThat(unknown.contentType()).startsWith("application/problem+json");
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                alice.post("/api/interactions", "{\"contactId\":\"" + known + "\",\"type\":\"CALL\"}")
                                        .status())
                        .isEqualTo(201));
    }
}
