package com.keepintouch.interaction.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.interaction.InteractionServiceApplication;
import com.keepintouch.interaction.contacts.ContactServiceStandIn;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.ServiceInstance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two interaction-service instances on one database: one {@code externalId} recorded through both at
 * the same moment is one interaction; the other answer is that interaction, or a 409 whose retry is.
 */
class TwoInstancesIT {

    static final int ROUNDS = 30;

    @Test
    void concurrentRecordsOfOneExternalIdThroughTwoInstancesMakeOneInteraction() throws Exception {
        String database = "interactions-two-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = "two-" + UUID.randomUUID().toString().substring(0, 8);
        String contactId = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ContactServiceStandIn contactService = new ContactServiceStandIn();
                ServiceInstance first = start(database, contactService);
                ServiceInstance second = start(database, contactService)) {
            contactService.knows(contactId, owner);
            for (int round = 0; round < ROUNDS; round++) {
                String body = "{\"contactId\":\"" + contactId + "\",\"type\":\"EMAIL\",\"externalId\":\"gmail-" + round
                        + "\"}";
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Response>> records = new ArrayList<>();
                for (ServiceInstance instance : List.of(first, second)) {
                    records.add(pool.submit(() -> {
                        start.await();
                        return instance.as(owner, "recruiter").post("/api/interactions", body);
                    }));
                }
                Response a = records.get(0).get();
                Response b = records.get(1).get();
                assertThat(List.of(a.status(), b.status()))
                        .as("round %d: %s / %s", round, a.body(), b.body())
                        .containsAnyOf(201)
                        .containsOnlyOnce(201)
                        .isSubsetOf(201, 200, 409);
                Response created = a.status() == 201 ? a : b;
                Response other = a.status() == 201 ? b : a;
                if (other.status() == 409) {
                    // Both were on their way at once and this one lost the externalId: a retry gets the first.
                    other = (other == a ? first : second).as(owner, "recruiter").post("/api/interactions", body);
                    assertThat(other.status())
                            .as("round %d: %s", round, other.body())
                            .isEqualTo(200);
                }
                assertThat(other.json().path("id").asString())
                        .as("round %d", round)
                        .isEqualTo(created.json().path("id").asString());
            }

            JsonNode page = first.as(owner, "recruiter")
                    .get("/api/interactions?contactId=" + contactId + "&limit=100")
                    .json();
            List<String> externalIds = new ArrayList<>();
            page.path("items")
                    .forEach(item -> externalIds.add(item.path("externalId").asString()));
            assertThat(externalIds).hasSize(ROUNDS).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    static ServiceInstance start(String database, ContactServiceStandIn contactService) {
        return ServiceInstance.start(
                InteractionServiceApplication.class,
                database,
                Clock.systemUTC(),
                List.of("kit.contacts.base-url=" + contactService.url()));
    }
}
