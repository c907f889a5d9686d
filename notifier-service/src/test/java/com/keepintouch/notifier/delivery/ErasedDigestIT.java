package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.contact.ErasedContacts.Tombstone;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.NotifierTestClock;
import com.keepintouch.testkit.SettableClock;
import com.keepintouch.testkit.WithInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A digest already stored and queued in this instance's memory when a contact it lists is erased
 * (a digest has no contact of its own, only the contacts it mentions): the dispatcher does not send
 * it, through the real MongoDB and SMTP server. One that lists no erased contact is sent.
 */
@SpringBootTest(properties = {"kit.webhooks.consumer-group=erased-digest-it"})
@WithInfrastructure
@Import(NotifierTestClock.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ErasedDigestIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Mailbox MAIL = Mailbox.start();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", MAIL::port);
    }

    @AfterAll
    static void closeMail() {
        MAIL.close();
    }

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    Deliveries deliveries;

    @Autowired
    ErasedContacts erased;

    @Autowired
    DeliveryFanOut fanOut;

    @Autowired
    SettableClock clock;

    /** A digest to {@code to} listing these contacts, stored as the fan-out stores it (held by this instance). */
    Delivery storedDigest(String owner, String to, List<String> listed) {
        EmailDestination email =
                new EmailDestination(to, "Your digest", "Gwen is overdue", "<p>Gwen</p>", null).mentioning(listed);
        Delivery digest = Delivery.email(
                        "digest:" + UUID.randomUUID(),
                        owner,
                        null,
                        "digest:" + owner,
                        "digest",
                        email,
                        fanOut.now(),
                        fanOut.leaseFromNow())
                .heldUntil(fanOut.leaseFromNow());
        List<Delivery> inserted = deliveries.insertNew(List.of(digest));
        assertThat(inserted).hasSize(1);
        return inserted.get(0);
    }

    Delivery.Status statusOf(Delivery delivery) {
        return deliveries.find(delivery.id()).orElseThrow().status();
    }

    @Test
    void aQueuedDigestListingAnErasedContactIsNotSent() {
        String owner = "owner-" + UUID.randomUUID();
        String to = owner + "@example.com";
        String gone = "c_" + UUID.randomUUID();
        String kept = "c_" + UUID.randomUUID();
        Delivery digest = storedDigest(owner, to, List.of(kept, gone));

        // Erased after the digest was stored and before its attempt.
        erased.record(new Tombstone(gone, owner, clock.instant(), "er_" + UUID.randomUUID()));
        dispatcher.submit(List.of(Job.of(digest, null)));

        await().atMost(WAIT).until(() -> statusOf(digest) != Delivery.Status.PENDING);
        assertThat(statusOf(digest)).isNotEqualTo(Delivery.Status.DELIVERED);
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() -> MAIL.to(to).isEmpty());
    }

    @Test
    void aQueuedDigestListingNoErasedContactIsSent() {
        String owner = "owner-" + UUID.randomUUID();
        String to = owner + "@example.com";
        Delivery digest = storedDigest(owner, to, List.of("c_" + UUID.randomUUID()));

        dispatcher.submit(List.of(Job.of(digest, null)));

        await().atMost(WAIT).until(() -> MAIL.to(to).size() == 1);
        await().atMost(WAIT).until(() -> statusOf(digest) == Delivery.Status.DELIVERED);
    }
}
