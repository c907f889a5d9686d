package com.keepintouch.contact.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.contact.ContactServiceApplication;
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
 * Two contact-service instances on one database: two creates of one address for one owner at the
 * same moment, one through each, make exactly one contact; the other answers 409 naming it.
 */
class TwoInstancesIT {

    static final int ROUNDS = 40;

    @Test
    void concurrentCreatesOfOneAddressThroughTwoInstancesMakeOneContact() throws Exception {
        String database = "contacts-two-" + UUID.randomUUID().toString().substring(0, 8);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "two-" + run;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ServiceInstance first =
                        ServiceInstance.start(ContactServiceApplication.class, database, Clock.systemUTC(), List.of());
                ServiceInstance second = ServiceInstance.start(
                        ContactServiceApplication.class, database, Clock.systemUTC(), List.of())) {
            for (int round = 0; round < ROUNDS; round++) {
                String body = "{\"name\":\"Jill " + round + "\",\"emails\":[\"jill." + round + "." + run
                        + "@example.com\"],\"tier\":\"CLOSE\"}";
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Response>> creates = new ArrayList<>();
                for (ServiceInstance instance : List.of(first, second)) {
                    creates.add(pool.submit(() -> {
                        start.await();
                        return instance.as(owner, "recruiter").post("/api/contacts", body);
                    }));
                }
                Response a = creates.get(0).get();
                Response b = creates.get(1).get();
                assertThat(List.of(a.status(), b.status()))
                        .as("round %d: %s / %s", round, a.body(), b.body())
                        .containsExactlyInAnyOrder(201, 409);
                Response created = a.status() == 201 ? a : b;
                Response refused = a.status() == 201 ? b : a;
                // It names the contact that has the address, unless that one was still being stored.
                JsonNode existing = refused.json().path("existingContactId");
                if (!existing.isMissingNode()) {
                    assertThat(existing.asString())
                            .as("round %d: %s", round, refused.body())
                            .isEqualTo(created.json().path("id").asString());
                }
            }

            JsonNode page =
                    first.as(owner, "recruiter").get("/api/contacts?limit=100").json();
            List<String> addresses = new ArrayList<>();
            page.path("items").forEach(item -> item.path("emails").forEach(e -> addresses.add(e.asString())));
            assertThat(addresses).hasSize(ROUNDS).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }
}
