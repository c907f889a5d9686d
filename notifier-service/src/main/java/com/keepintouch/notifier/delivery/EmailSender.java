package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.system.EmailProperties;
import com.keepintouch.notifier.system.WebhookProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Hands one email to the SMTP server, with a text and an HTML part, on a small pool of its own
 * (JavaMail blocks); an SMTP failure is an attempt that failed, retried like a webhook.
 *
 * <p>An email that waited for a thread of the pool (a slow SMTP server) until its hold ran low is
 * not sent but deferred: another instance may take it over once the hold ends, and an email, unlike
 * a webhook, cannot be told apart from a copy by its receiver.
 */
@Component
class EmailSender implements DisposableBean {

    private final JavaMailSender mail;
    private final ExecutorService executor;
    private final String from;
    private final Duration lease;
    private final Clock clock;

    EmailSender(JavaMailSender mail, EmailProperties properties, WebhookProperties deliveries, Clock clock) {
        this.mail = mail;
        this.from = properties.from();
        this.lease = deliveries.lease();
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(properties.senderThreads(), r -> {
            Thread thread = new Thread(r, "email-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    CompletableFuture<Outcome> send(Job job) {
        EmailDestination email = (EmailDestination) job.delivery().destination();
        return CompletableFuture.supplyAsync(
                () -> {
                    if (!job.heldLongEnough(clock.instant(), lease)) {
                        return Outcome.deferred("waited for the SMTP server until its lease ran low");
                    }
                    long started = System.nanoTime();
                    try {
                        MimeMessage message = mail.createMimeMessage();
                        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
                        helper.setFrom(from);
                        helper.setTo(email.to());
                        helper.setSubject(email.subject());
                        helper.setText(email.text(), email.html());
                        message.setHeader("X-Kit-Delivery-Id", job.delivery().id());
                        mail.send(message);
                        return Outcome.delivered(250, (System.nanoTime() - started) / 1_000_000);
                    } catch (MailException | MessagingException e) {
                        Throwable cause = e.getCause() != null ? e.getCause() : e;
                        return Outcome.failed(
                                null,
                                "SMTP: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                                (System.nanoTime() - started) / 1_000_000,
                                null);
                    }
                },
                executor);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
