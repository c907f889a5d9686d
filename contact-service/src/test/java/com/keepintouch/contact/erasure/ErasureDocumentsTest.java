package com.keepintouch.contact.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.keepintouch.contact.audit.Actor;
import com.keepintouch.contact.erasure.Erasure.Confirmation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ErasureDocumentsTest {

    private final ErasureDocuments documents = new ErasureDocuments();
    private final Instant requestedAt = Instant.parse("2026-12-02T09:00:00Z");

    private Erasure requested() {
        return Erasure.requested(
                "er_00000000000000000000000000000001",
                "c_0190a1b2c3d4e5f6a7b8c9d0",
                "alice",
                new Actor("root", List.of("admin")),
                requestedAt);
    }

    @Test
    void aRequestedErasureIsPendingForTheSweepAndReadsBackUnchanged() {
        Document stored = documents.toDocument(requested());

        assertThat(stored.get("ownStepsPendingSince"))
                .as("found by the resume sweep")
                .isNotNull();
        assertThat(documents.fromDocument(stored)).isEqualTo(requested());
    }

    @Test
    void confirmationsAndCountsReadBackAndTheViewListsEveryService() {
        Document stored = documents.toDocument(requested());
        stored.remove("ownStepsPendingSince");
        stored.put("removed", new Document("contacts", 1).append("keys", 1));
        stored.put(
                "services",
                new Document(
                        "reminder-service",
                        ErasureDocuments.toDocument(
                                new Confirmation(requestedAt.plusSeconds(2), Map.of("relationships", 1)))));

        Erasure erasure = documents.fromDocument(stored);

        assertThat(erasure.ownStepsDone()).isTrue();
        assertThat(erasure.removed()).containsOnly(Map.entry("contacts", 1), Map.entry("keys", 1));
        assertThat(erasure.allConfirmed()).isFalse();
        ErasureView view = ErasureView.of(erasure);
        assertThat(view.requestedBy()).isEqualTo("root");
        assertThat(view.services())
                .extracting(ErasureView.ServiceProgress::service, ErasureView.ServiceProgress::status)
                .containsExactly(
                        tuple("contact-service", "PENDING"),
                        tuple("interaction-service", "PENDING"),
                        tuple("reminder-service", "CONFIRMED"),
                        tuple("notifier-service", "PENDING"));
        assertThat(view.services().get(2).removed()).containsOnly(Map.entry("relationships", 1));
    }

    @Test
    void itIsCompleteOnlyOnceAllFourConfirmed() {
        Confirmation confirmed = new Confirmation(requestedAt, Map.of());
        Erasure three = new Erasure(
                "er_1",
                "c_1",
                "alice",
                new Actor("alice", List.of("recruiter")),
                requestedAt,
                Erasure.Status.IN_PROGRESS,
                null,
                true,
                Map.of(),
                Map.of("contact-service", confirmed, "interaction-service", confirmed, "reminder-service", confirmed),
                null);
        assertThat(three.allConfirmed()).isFalse();

        Erasure four = new Erasure(
                "er_1",
                "c_1",
                "alice",
                three.requestedBy(),
                requestedAt,
                Erasure.Status.IN_PROGRESS,
                null,
                true,
                Map.of(),
                Map.of(
                        "contact-service", confirmed,
                        "interaction-service", confirmed,
                        "reminder-service", confirmed,
                        "notifier-service", confirmed),
                null);
        assertThat(four.allConfirmed()).isTrue();
    }
}
