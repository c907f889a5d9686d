package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.DeliveryPolicy;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.support.ServiceSettings;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.testkit.Infrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one deliveries collection, on the real Mongo wire server: one sent an email and
 * waits to record it (the broker is slow), the other's stuck-work scan finds its lease run out.
 */
class DeliveryHoldIT {

    static final Instant SENT = Instant.parse("2026-03-28T08:00:00Z");
    static final WebhookProperties SETTINGS = ServiceSettings.defaults().webhooks();
    static final DeliveryPolicy POLICY =
            new DeliveryPolicy(SETTINGS.schedule(), SETTINGS.deferFor(), SETTINGS.attemptLogSize());

    static MongoClient client;
    static Deliveries deliveries;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.get().mongoUri());
        deliveries = new Deliveries(
                client.getDatabase("hold-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    /** An email held by the first instance until a lease from {@code SENT}. */
    static Delivery held() {
        EmailDestination email = new EmailDestination("pat@example.com", "Jill is due", "text", "<p>html</p>", null);
        Delivery delivery = Delivery.email(
                "k-" + UUID.randomUUID(), "pat", null, "e-1", "digest", email, SENT, SENT.plus(SETTINGS.lease()));
        deliveries.insertNew(List.of(delivery));
        return delivery;
    }

    @Test
    void aDeliveryItsHolderKeepsHoldingIsNotTakenOverAndItsOutcomeIsRecorded() {
        Delivery sent = held();
        Instant late = SENT.plus(SETTINGS.lease()).plusSeconds(1);
        // The second instance reads it after its lease; the first extends its hold meanwhile.
        Delivery seenBySecond = deliveries.find(sent.id()).orElseThrow();
        deliveries.hold(List.of(sent), late.plus(SETTINGS.lease()));

        assertThat(deliveries.claim(seenBySecond, late, late.plus(SETTINGS.lease())))
                .as("not taken over, so not sent again")
                .isEmpty();
        deliveries.record(
                List.of(sent.after(Outcome.delivered(250, 40), late, POLICY, RandomGenerator.getDefault())),
                SETTINGS.attemptLogSize());
        assertThat(deliveries.find(sent.id()).orElseThrow().status()).isEqualTo(Delivery.Status.DELIVERED);
    }

    @Test
    void aDeliveryWhoseHolderLetTheLeaseRunOutIsTakenOverOnce() {
        Delivery sent = held();
        Instant late = SENT.plus(SETTINGS.lease()).plusSeconds(1);
        Delivery seen = deliveries.find(sent.id()).orElseThrow();

        assertThat(deliveries.claim(seen, late, late.plus(SETTINGS.lease()))).isPresent();
        assertThat(deliveries.claim(seen, late, late.plus(SETTINGS.lease())))
                .as("a third instance with the same read")
                .isEmpty();
        // The first instance's late hold and outcome change nothing: the taker holds it now.
        deliveries.hold(List.of(sent), late.plus(Duration.ofMinutes(1)));
        deliveries.record(
                List.of(sent.after(Outcome.delivered(250, 40), late, POLICY, RandomGenerator.getDefault())),
                SETTINGS.attemptLogSize());
        assertThat(deliveries.find(sent.id()).orElseThrow().status()).isEqualTo(Delivery.Status.PENDING);
    }
}
