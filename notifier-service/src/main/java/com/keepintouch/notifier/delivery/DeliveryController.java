package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.delivery.DeliveryManagement.Filter;
import com.keepintouch.notifier.delivery.DeliveryManagement.Recovery;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Attempt;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.security.Caller;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/deliveries} and an endpoint's test and recovery: HTTP in, {@link DeliveryManagement} calls, views out. */
@RestController
class DeliveryController {

    private final DeliveryManagement deliveries;

    DeliveryController(DeliveryManagement deliveries) {
        this.deliveries = deliveries;
    }

    record DeliveryView(
            String id,
            Channel channel,
            String endpointId,
            String ownerId,
            String contactId,
            String webhookId,
            String eventId,
            String eventType,
            Status status,
            int attempts,
            Instant nextAttemptAt,
            Integer responseStatus,
            String lastError,
            Instant createdAt,
            Instant deliveredAt,
            Instant failedAt,
            List<Attempt> attemptLog) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(
                    d.id(),
                    d.channel(),
                    d.endpointId().orElse(null),
                    d.ownerId(),
                    d.contactId(),
                    d.messageId().orElse(null),
                    d.eventId(),
                    d.eventType(),
                    d.status(),
                    d.attempts(),
                    d.status() == Status.PENDING ? d.nextAttemptAt() : null,
                    d.responseStatus(),
                    d.lastError(),
                    d.createdAt(),
                    d.deliveredAt(),
                    d.failedAt(),
                    d.log());
        }
    }

    record RecoverRequest(Instant since) {}

    record TestSent(String deliveryId, String webhookId) {}

    record RecoveryView(int messages, int restarted, int created, int alreadyDelivered, int pending) {}

    @GetMapping("/api/deliveries")
    Page<DeliveryView> list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) String endpointId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String contactId,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor) {
        Page<Delivery> page =
                deliveries.list(caller, new Filter(ownerId, endpointId, status, channel, contactId), limit, cursor);
        return new Page<>(page.items().stream().map(DeliveryView::of).toList(), page.nextCursor());
    }

    @GetMapping("/api/deliveries/{id}")
    DeliveryView get(Caller caller, @PathVariable String id) {
        return DeliveryView.of(deliveries.readable(caller, id));
    }

    @PostMapping("/api/deliveries/{id}/retry")
    ResponseEntity<DeliveryView> retry(Caller caller, @PathVariable String id) {
        return ResponseEntity.accepted().body(DeliveryView.of(deliveries.retry(caller, id)));
    }

    @PostMapping("/api/webhooks/{id}/test")
    ResponseEntity<TestSent> test(Caller caller, @PathVariable String id) {
        Delivery delivery = deliveries.ping(caller, id);
        return ResponseEntity.accepted()
                .location(URI.create("/api/deliveries/" + delivery.id()))
                .body(new TestSent(delivery.id(), delivery.messageId().orElseThrow()));
    }

    @PostMapping(path = "/api/webhooks/{id}/recover", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RecoveryView> recover(Caller caller, @PathVariable String id, @RequestBody RecoverRequest request) {
        Recovery recovery = deliveries.recover(caller, id, request == null ? null : request.since());
        return ResponseEntity.accepted()
                .body(new RecoveryView(
                        recovery.messages(),
                        recovery.restarted(),
                        recovery.created(),
                        recovery.alreadyDelivered(),
                        recovery.pending()));
    }
}
