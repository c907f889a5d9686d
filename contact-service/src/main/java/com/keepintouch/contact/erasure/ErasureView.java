package com.keepintouch.contact.erasure;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An erasure as the API shows it: every service is listed, confirmed or still pending. */
record ErasureView(
        String erasureId,
        String contactId,
        String ownerId,
        String requestedBy,
        Instant requestedAt,
        String status,
        Instant completedAt,
        List<ServiceProgress> services) {

    /** One service's part: PENDING until it confirmed, then when and what it removed. */
    record ServiceProgress(String service, String status, Instant confirmedAt, Map<String, Integer> removed) {}

    static ErasureView of(Erasure e) {
        return new ErasureView(
                e.erasureId(),
                e.contactId(),
                e.ownerId(),
                e.requestedBy().id(),
                e.requestedAt(),
                e.status().name(),
                e.completedAt(),
                Erasure.SERVICES.stream()
                        .map(service -> {
                            Erasure.Confirmation confirmation =
                                    e.confirmations().get(service);
                            return confirmation == null
                                    ? new ServiceProgress(service, "PENDING", null, null)
                                    : new ServiceProgress(
                                            service, "CONFIRMED", confirmation.confirmedAt(), confirmation.removed());
                        })
                        .toList());
    }
}
