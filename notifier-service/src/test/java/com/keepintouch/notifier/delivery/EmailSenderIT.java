package com.keepintouch.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.support.Mailbox;
import com.keepintouch.notifier.support.ServiceSettings;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The email sender at a real SMTP server: an email whose hold ran low while it waited for a thread
 * of the pool is not sent, because another instance may take its delivery over once the hold ends
 * and send it too; the receiver would get it twice.
 */
class EmailSenderIT {

    static final Instant NOW = Instant.parse("2026-03-28T08:00:00Z");

    final Mailbox mailbox = Mailbox.start();
    final SettableClock clock = new SettableClock(NOW);
    final WebhookProperties webhooks = ServiceSettings.defaults().webhooks();
    final EmailSender sender;

    EmailSenderIT() {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(mailbox.port());
        sender = new EmailSender(mail, ServiceSettings.defaults().email(), webhooks, clock);
    }

    @AfterEach
    void stop() {
        sender.destroy();
        mailbox.close();
    }

    static Job email(String to, Instant heldUntil) {
        EmailDestination email = new EmailDestination(to, "Jill is due", "text", "<p>html</p>", null);
        return new Job(Delivery.email("k-" + to, "owner", null, "e-" + to, "digest", email, NOW, heldUntil), null);
    }

    @Test
    void anEmailStillHeldIsSent() {
        Outcome outcome = sender.send(email("held@example.com", NOW.plus(webhooks.lease())))
                .join();

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.DELIVERED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mailbox.to("held@example.com").size() == 1);
    }

    @Test
    void anEmailWhoseHoldRanLowWhileItWaitedForTheSmtpServerIsDeferredNotSent() {
        // Held for a whole lease when it was queued; it waited for a thread of the pool until less
        // than half was left, so another instance may take it over before this send would end.
        Job waited = email("waited@example.com", NOW.plus(webhooks.lease()));
        clock.advance(webhooks.lease().dividedBy(2).plusSeconds(1));

        Outcome outcome = sender.send(waited).join();

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.DEFERRED);
        assertThat(outcome.attempted()).isFalse();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> mailbox.to("waited@example.com").isEmpty());
    }
}
