package com.keepintouch.reminder.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.personal.ContactKeys;
import com.keepintouch.platform.personal.ErasureConfirmations;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.testkit.SettableClock;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A fresh instance that reads the topics from the beginning ends with exactly the state of the one that processed them live. */
class RebuildIT {

    @Test
    void aShadowInstanceRebuildsTheSameStateWithoutAnnouncingAnything() {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-01T00:00:00Z"));
        String owner = "rebuild-" + UUID.randomUUID().toString().substring(0, 6);
        ReminderEvents events = new ReminderEvents(TwoInstancesIT.kafka());
        List<String> contacts = new ArrayList<>();
        Instant start = clock.instant();

        try (ReminderInstance live = ReminderInstance.start(
                "live-" + UUID.randomUUID().toString().substring(0, 8), "live-" + UUID.randomUUID(), clock)) {
            for (int i = 0; i < 12; i++) {
                String contactId = ReminderEvents.newContactId();
                contacts.add(contactId);
                Instant met = start.minus(Duration.ofDays(30L * i));
                int tier = i % 3;
                events.contactCreated(
                        contactId,
                        owner,
                        met,
                        met,
                        d -> d.put(
                                "tier", List.of("CLOSE", "REGULAR", "DISTANT").get(tier)));
                for (int t = 0; t < i; t++) {
                    events.interaction(
                            "i_" + contactId + "_" + t,
                            contactId,
                            owner,
                            t % 4 == 3 ? "FAVOR_ASKED" : "EMAIL",
                            t % 3 == 0 ? "INBOUND" : "OUTBOUND",
                            met.plus(Duration.ofDays(9L * t + 1)));
                }
            }
            events.interactionDeleted("i_" + contacts.get(5) + "_4", contacts.get(5), owner, start);
            // planned touches are on interactions.v1 too: one planned then moved, one planned then cancelled
            events.planned("p_" + contacts.get(4), contacts.get(4), owner, 20, start.plus(Duration.ofDays(30)), false);
            events.planned("p_" + contacts.get(4), contacts.get(4), owner, 21, start.plus(Duration.ofDays(40)), false);
            events.planned("p_" + contacts.get(6), contacts.get(6), owner, 20, start.plus(Duration.ofDays(30)), false);
            events.planned("p_" + contacts.get(6), contacts.get(6), owner, 21, start.plus(Duration.ofDays(30)), true);
            events.reply(
                    "i_" + contacts.get(9) + "_reply",
                    contacts.get(9),
                    owner,
                    start.minus(Duration.ofDays(1)),
                    "i_" + contacts.get(9) + "_8",
                    start.minus(Duration.ofDays(2)));
            events.contactUpdated(
                    contacts.get(7),
                    owner,
                    2,
                    start,
                    d -> d.put("status", "PAUSED").put("tier", "CLOSE"));
            events.contactUpdated(
                    contacts.get(8),
                    owner,
                    2,
                    start,
                    d -> d.put("cadenceDays", 14).put("tier", "CLOSE"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.as(owner, "recruiter")
                                    .get("/api/relationships/summary")
                                    .json()
                                    .path("total")
                                    .asLong()
                            == contacts.size());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "PAUSED"
                            .equals(live.as(owner, "recruiter")
                                    .get("/api/relationships/" + contacts.get(7))
                                    .json()
                                    .path("status")
                                    .asString()));
            assertThat(live.as(owner, "recruiter")
                            .post("/api/relationships/" + contacts.get(2) + "/snooze", "{\"days\":20}")
                            .status())
                    .isEqualTo(200);
            clock.advance(Duration.ofDays(3));
            live.sweep().sweep();
            List<JsonNode> expected = views(live, owner, contacts);
            assertThat(expected.get(4).path("plannedTouch").path("plannedFor").asString())
                    .isEqualTo(start.plus(Duration.ofDays(40)).toString());
            assertThat(expected.get(6).path("plannedTouch").isNull()).isTrue();

            try (ReminderInstance rebuilt = ReminderInstance.start(
                    "rebuilt-" + UUID.randomUUID().toString().substring(0, 8),
                    "rebuild-" + UUID.randomUUID(),
                    clock,
                    "kit.reminders.emit-transitions=false")) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() ->
                                assertThat(views(rebuilt, owner, contacts)).isEqualTo(expected));
                assertThat(rebuilt.database()
                                .getCollection(Relationships.COLLECTION)
                                .countDocuments(Filters.exists(Outbox.PENDING_EVENTS)))
                        .isZero();
            }
        }
    }

    /**
     * After an erasure the topics still hold the person's events, sealed under a key that is gone (and
     * older ones in the clear): a rebuild from them ends with the erased tombstone, 404, and nothing of
     * the person in any collection, and confirms nothing (it announces nothing).
     */
    @Test
    void aRebuildAfterAnErasureEndsWithTheTombstoneAndNoPersonalData() {
        SettableClock clock = new SettableClock(Instant.parse("2026-05-01T00:00:00Z"));
        String owner = "rebuild-erased-" + UUID.randomUUID().toString().substring(0, 6);
        String erased = ReminderEvents.newContactId();
        String kept = ReminderEvents.newContactId();
        Instant start = clock.instant();
        Instant met = start.minus(Duration.ofDays(200));

        try (ReminderInstance live = ReminderInstance.start(
                "live-erased-" + UUID.randomUUID().toString().substring(0, 8), "live-" + UUID.randomUUID(), clock)) {
            PersonalData personalData = live.context().getBean(PersonalData.class);
            ReminderEvents sealed = new ReminderEvents(TwoInstancesIT.kafka()).sealedBy(personalData);
            ReminderEvents clear = new ReminderEvents(TwoInstancesIT.kafka());
            clear.contactCreated(erased, owner, met, met, d -> {}); // published before events were sealed
            sealed.contactUpdated(erased, owner, 2, met, d -> d.put("name", "Jill " + erased.substring(2, 8)));
            sealed.contactCreated(kept, owner, met, met, d -> {});
            for (int t = 0; t < 70; t++) {
                sealed.interaction(
                        "i_" + erased + "_" + t,
                        erased,
                        owner,
                        t % 4 == 3 ? "FAVOR_ASKED" : "EMAIL",
                        t % 3 == 0 ? "INBOUND" : "OUTBOUND",
                        met.plus(Duration.ofDays(2L * t + 1)));
            }
            sealed.interaction("i_" + kept, kept, owner, "CALL", "OUTBOUND", met.plus(Duration.ofDays(3)));
            sealed.planned("p_" + erased, erased, owner, 80, start.plus(Duration.ofDays(10)), false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.as(owner, "recruiter")
                                    .get("/api/relationships/" + erased)
                                    .json()
                                    .path("counts")
                                    .path("touches")
                                    .asInt()
                            == 70);
            assertThat(live.as(owner, "recruiter")
                            .post("/api/relationships/" + erased + "/snooze", "{\"days\":20}")
                            .status())
                    .isEqualTo(200);
            clock.advance(Duration.ofDays(3));
            live.sweep().sweep();

            live.context().getBean(ContactKeys.class).erase(erased);
            sealed.contactErased(erased, owner, 3, "er_" + UUID.randomUUID(), clock.instant());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.as(owner, "recruiter")
                                    .get("/api/relationships/" + erased)
                                    .status()
                            == 404);
            ErasureIT.assertNothingPersonal(live.database(), erased);
            JsonNode keptView = live.as(owner, "recruiter")
                    .get("/api/relationships/" + kept)
                    .json();

            try (ReminderInstance rebuilt = ReminderInstance.start(
                    "rebuilt-erased-" + UUID.randomUUID().toString().substring(0, 8),
                    "rebuild-" + UUID.randomUUID(),
                    clock,
                    "kit.reminders.emit-transitions=false")) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(rebuilt.as(owner, "recruiter")
                                    .get("/api/relationships/" + kept)
                                    .json())
                            .isEqualTo(keptView);
                    org.bson.Document tombstone = rebuilt.database()
                            .getCollection(Relationships.COLLECTION)
                            .find(Filters.eq("_id", erased))
                            .first();
                    assertThat(tombstone).isNotNull();
                    assertThat(tombstone.get("contact", org.bson.Document.class).getBoolean("erased"))
                            .isTrue();
                });
                assertThat(rebuilt.as(owner, "recruiter")
                                .get("/api/relationships/" + erased)
                                .status())
                        .isEqualTo(404);
                assertThat(rebuilt.as(owner, "recruiter")
                                .get("/api/personal-data/" + erased)
                                .status())
                        .isEqualTo(404);
                assertThat(rebuilt.as(owner, "recruiter")
                                .get("/api/relationships/summary")
                                .json()
                                .path("total")
                                .asLong())
                        .isEqualTo(1);
                ErasureIT.assertNothingPersonal(rebuilt.database(), erased);
                assertThat(rebuilt.database()
                                .getCollection(ArchivedTouches.COLLECTION)
                                .countDocuments(Filters.eq("contactId", erased)))
                        .isZero();
                assertThat(rebuilt.database()
                                .getCollection(ErasureConfirmations.COLLECTION)
                                .countDocuments())
                        .as("a rebuild confirms no erasure")
                        .isZero();
            }
        }
    }

    private static List<JsonNode> views(ReminderInstance instance, String owner, List<String> contacts) {
        return contacts.stream()
                .map(id -> instance.as(owner, "recruiter")
                        .get("/api/relationships/" + id)
                        .json())
                .toList();
    }
}
