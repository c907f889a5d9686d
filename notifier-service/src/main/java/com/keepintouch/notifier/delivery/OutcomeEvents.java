package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Delivery.Transition;
import com.keepintouch.notifier.domain.DeliveryEvent;
import com.keepintouch.notifier.domain.NotificationsTopic;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code notification.delivered|failed} on {@code notifications.v1} and waits for the
 * broker's acknowledgement, <em>before</em> the outcome is stored: keyed by the delivery, with its
 * version after the outcome as {@code sequence}, so a delivery attempted again after a crash
 * publishes the same sequence again, which consumers drop.
 */
@Component
class OutcomeEvents {

    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final Duration timeout;

    OutcomeEvents(Outbox outbox, KafkaTemplate<String, String> kafka, WebhookProperties properties) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.timeout = properties.outcomePublishTimeout();
    }

    /** Publishes the events of these transitions; a failure throws, and the batch is written again. */
    void publish(List<Transition> transitions) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Transition transition : transitions) {
            if (transition.event().isPresent()) {
                StagedEvent event =
                        staged(transition.event().get(), transition.after().version());
                sends.add(kafka.send(event.topic(), event.key(), event.payload()));
            }
        }
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing delivery outcomes failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing delivery outcomes", e);
        }
    }

    StagedEvent staged(DeliveryEvent event, long sequence) {
        return outbox.event(
                NotificationsTopic.NAME, event.type(), event.deliveryId(), event.ownerId(), sequence, event);
    }
}
