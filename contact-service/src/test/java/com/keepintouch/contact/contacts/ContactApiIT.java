package com.keepintouch.contact.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.QueryLog;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The contacts API over real HTTP, on the real broker and Mongo wire server. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ContactApiIT {

    /** Every query this test made the service send is served by an index, on MongoDB as on the stand-in. */
    @AfterAll
    static void everyQueryUsesAnIndex() {
        QueryLog.assertServedByIndexes(List.of("contacts", "contact_emails", "idempotency_keys"));
    }

    @LocalServerPort
    int port;

    HttpApi as(String user) {
        return HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String contact(String name, String email) {
        return "{\"name\":\"" + name + "\",\"emails\":[\"" + email + "\"],\"company\":\"Acme Robotics\","
                + "\"tags\":[\"robotics\"],\"tier\":\"CLOSE\",\"timezone\":\"Europe/Berlin\",\"metAt\":\"2026-03-02T18:00:00Z\"}";
    }

    Response create(String user, String name, String email) {
        Response response = as(user).post("/api/contacts", contact(name, email));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response;
    }

    @Test
    void createAnswers201WithTheContactALocationAndAnETag() {
        String email = "jill." + unique() + "@Example.com";
        Response created = create("alice", "Jill Summers", email);

        JsonNode body = created.json();
        assertThat(body.path("id").asString()).matches("c_[0-9a-f]{24}");
        assertThat(body.path("ownerId").asString()).isEqualTo("alice");
        assertThat(body.path("emails").get(0).asString()).isEqualTo(email.toLowerCase());
        assertThat(body.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.header("Location"))
                .hasValue("/api/contacts/" + body.path("id").asString());
        assertThat(created.header("ETag")).hasValue("\"1\"");

        Response read = as("alice").get("/api/contacts/" + body.path("id").asString());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("name").asString()).isEqualTo("Jill Summers");
    }

    @Test
    void invalidContactIs400NamingEachField() {
        Response response = as("alice")
                .post(
                        "/api/contacts",
                        "{\"name\":\"\",\"emails\":[\"nope\"],\"cadenceDays\":0,\"timezone\":\"Mars/Base\",\"metAt\":\"2999-01-01T00:00:00Z\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").findValuesAsString("field"))
                .contains("name", "emails[0]", "cadenceDays", "timezone", "metAt");
    }

    @Test
    void unknownFieldsWrongEnumsMalformedJsonOversizedAndWrongTypeAre4xx() {
        assertThat(as("alice")
                        .post("/api/contacts", "{\"name\":\"A\",\"linkedin\":\"x\"}")
                        .status())
                .isEqualTo(400);
        Response tier = as("alice").post("/api/contacts", "{\"name\":\"A\",\"tier\":\"BEST_FRIEND\"}");
        assertThat(tier.status()).isEqualTo(400);
        assertThat(tier.json().path("errors").get(0).path("field").asString()).isEqualTo("tier");
        assertThat(as("alice").post("/api/contacts", "{\"name\":").status()).isEqualTo(400);
        assertThat(as("alice")
                        .post("/api/contacts", "{\"name\":\"A\",\"notes\":\"" + "x".repeat(70_000) + "\"}")
                        .status())
                .isEqualTo(413);
        assertThat(as("alice")
                        .send(
                                "POST",
                                "/api/contacts",
                                Map.of("Content-Type", "text/plain"),
                                BodyPublishers.ofString("A"))
                        .status())
                .isEqualTo(415);
    }

    @Test
    void sameEmailTwiceForOneOwnerIs409NamingTheExistingContact() {
        String email = "dup." + unique() + "@example.com";
        String first = create("alice", "Jill", email).json().path("id").asString();

        Response second = as("alice").post("/api/contacts", contact("Jill again", email.toUpperCase()));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("existingContactId").asString()).isEqualTo(first);
        // another owner may know the same person
        create("bob", "Jill", email);
    }

    @Test
    void aRecruiterNeverSeesOrChangesAnotherOwnersContact() {
        String tag = "secret" + unique();
        Response bobs = as("bob").post("/api/contacts", "{\"name\":\"Bob's friend\",\"tags\":[\"" + tag + "\"]}");
        String id = bobs.json().path("id").asString();

        assertThat(as("alice").get("/api/contacts/" + id).status()).isEqualTo(404);
        assertThat(as("alice")
                        .patch("/api/contacts/" + id, "{\"name\":\"mine now\"}", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(as("alice").delete("/api/contacts/" + id).status()).isEqualTo(404);
        assertThat(as("alice").get("/api/contacts?tag=" + tag).json().path("items"))
                .isEmpty();
        assertThat(as("bob").get("/api/contacts/" + id).json().path("name").asString())
                .isEqualTo("Bob's friend");
    }

    @Test
    void opsReadsEveryContactButChangesNoneAndTheRefusalIs403() {
        String id = as("bob")
                .post("/api/contacts", "{\"name\":\"Bob's friend\"}")
                .json()
                .path("id")
                .asString();
        HttpApi ops = HttpApi.at(port).as(TestTokens.token("olga", "ops"));
        HttpApi opsRecruiter = HttpApi.at(port).as(TestTokens.token("olga", "ops recruiter"));

        assertThat(ops.get("/api/contacts/" + id).status()).isEqualTo(200);
        assertThat(ops.delete("/api/contacts/" + id).status()).isEqualTo(403);
        assertThat(ops.delete("/api/contacts/c_does_not_exist").status())
                .as("scopes are checked before anything is looked up")
                .isEqualTo(403);
        assertThat(ops.patch("/api/contacts/" + id, "{\"name\":\"x\"}", Map.of())
                        .status())
                .isEqualTo(403);
        Response readOnly = opsRecruiter.delete("/api/contacts/" + id);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.json().path("detail").asString()).contains("another owner's");
        assertThat(as("bob").get("/api/contacts/" + id).status()).isEqualTo(200);
    }

    @Test
    void aWrongEnumOrTypeSaysWhatTheFieldMustBeWithoutJavaTypeNames() {
        Response tier = as("alice").post("/api/contacts", "{\"name\":\"A\",\"tier\":\"NOPE\"}");
        Response emails = as("alice").post("/api/contacts", "{\"name\":\"A\",\"emails\":{\"x\":1}}");

        assertThat(tier.json().path("detail").asString()).startsWith("tier: must be one of [");
        assertThat(emails.json().path("detail").asString()).isEqualTo("emails: must be an array");
        assertThat(tier.body() + emails.body()).doesNotContain("com.keepintouch", "java.", "Cannot deserialize");
    }

    @Test
    void ownerIdInABodyIsIgnoredForRecruitersAndHonouredForAdmins() {
        Response sneaky = as("alice").post("/api/contacts", "{\"name\":\"Planted\",\"ownerId\":\"bob\"}");
        assertThat(sneaky.json().path("ownerId").asString()).isEqualTo("alice");

        HttpApi admin = HttpApi.at(port).as(TestTokens.token("root", "admin"));
        Response forBob = admin.post("/api/contacts", "{\"name\":\"For Bob\",\"ownerId\":\"bob\"}");
        assertThat(forBob.json().path("ownerId").asString()).isEqualTo("bob");
        assertThat(as("bob")
                        .get("/api/contacts/" + forBob.json().path("id").asString())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void patchIsAMergePatchGuardedByIfMatch() {
        String id = create("alice", "Jill", "patch." + unique() + "@example.com")
                .json()
                .path("id")
                .asString();

        Response patched = as("alice")
                .patch(
                        "/api/contacts/" + id,
                        "{\"cadenceDays\":45,\"company\":null,\"tags\":[\"robotics\",\"vip\"]}",
                        Map.of("If-Match", "\"1\""));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("cadenceDays").asInt()).isEqualTo(45);
        assertThat(patched.json().path("company").isNull()).isTrue();
        assertThat(patched.json().path("name").asString()).isEqualTo("Jill");
        assertThat(patched.header("ETag")).hasValue("\"2\"");

        Response stale = as("alice").patch("/api/contacts/" + id, "{\"cadenceDays\":60}", Map.of("If-Match", "\"1\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");

        Response invalid = as("alice").patch("/api/contacts/" + id, "{\"cadenceDays\":9999}", Map.of());
        assertThat(invalid.status()).isEqualTo(400);
        Response unknown = as("alice").patch("/api/contacts/" + id, "{\"shoeSize\":44}", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void deleteIsSoftAndTheContactIs404Afterwards() {
        String email = "gone." + unique() + "@example.com";
        String id = create("alice", "Gone", email).json().path("id").asString();

        assertThat(as("alice").delete("/api/contacts/" + id).status()).isEqualTo(204);
        assertThat(as("alice").get("/api/contacts/" + id).status()).isEqualTo(404);
        assertThat(as("alice").delete("/api/contacts/" + id).status()).isEqualTo(404);
        // the address is free again
        create("alice", "Back", email);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
        String key = UUID.randomUUID().toString();
        String body = contact("Idem", "idem." + unique() + "@example.com");

        Response first = as("alice").post("/api/contacts", body, Map.of("Idempotency-Key", key));
        Response again = as("alice").post("/api/contacts", body, Map.of("Idempotency-Key", key));
        Response other = as("alice")
                .post(
                        "/api/contacts",
                        contact("Other", "o" + unique() + "@example.com"),
                        Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(other.status()).isEqualTo(422);
    }

    @Test
    void searchFiltersAndPagesWithoutLosingOrRepeatingWhileContactsAreAdded() {
        String user = "pager-" + unique();
        for (int i = 0; i < 7; i++) {
            as(user).post(
                            "/api/contacts",
                            "{\"name\":\"Person " + i + "\",\"company\":\"" + (i % 2 == 0 ? "Acme" : "Globex")
                                    + "\",\"tier\":\"" + (i < 3 ? "CLOSE" : "DISTANT") + "\"}");
        }
        List<String> seen = new ArrayList<>();
        Response page = as(user).get("/api/contacts?limit=3");
        page.json().path("items").forEach(item -> seen.add(item.path("name").asString()));
        as(user).post("/api/contacts", "{\"name\":\"Person 7\"}"); // added while paging
        String cursor = page.json().path("nextCursor").asString();
        while (cursor != null && !cursor.isEmpty()) {
            page = as(user).get("/api/contacts?limit=3&cursor=" + cursor);
            page.json().path("items").forEach(item -> seen.add(item.path("name").asString()));
            cursor = page.json().path("nextCursor").isNull()
                    ? null
                    : page.json().path("nextCursor").asString();
        }
        assertThat(seen)
                .containsExactly(
                        "Person 0", "Person 1", "Person 2", "Person 3", "Person 4", "Person 5", "Person 6", "Person 7");

        assertThat(as(user).get("/api/contacts?q=glob").json().path("items")).hasSize(3);
        assertThat(as(user).get("/api/contacts?tier=CLOSE").json().path("items"))
                .hasSize(3);
        assertThat(as(user).get("/api/contacts?limit=0").status()).isEqualTo(400);
        assertThat(as(user).get("/api/contacts?limit=201").status()).isEqualTo(400);
        assertThat(as(user).get("/api/contacts?cursor=garbage").status()).isEqualTo(400);
        assertThat(as(user).get("/api/contacts?tier=BEST").status()).isEqualTo(400);
    }

    /** {@code tier} and {@code status} take any case, as every other enum parameter of the API does. */
    @Test
    void tierAndStatusFiltersTakeAnyCaseAndNameTheValuesOtherwise() {
        String user = "case-" + unique();
        as(user).post("/api/contacts", "{\"name\":\"Close one\",\"tier\":\"CLOSE\"}");
        as(user).post("/api/contacts", "{\"name\":\"Other one\"}");

        Response lower = as(user).get("/api/contacts?tier=close&status=active");
        assertThat(lower.status()).as(lower.body()).isEqualTo(200);
        assertThat(lower.json().path("items")).hasSize(1);
        assertThat(lower.json().path("items").get(0).path("name").asString()).isEqualTo("Close one");
        assertThat(as(user).get("/api/contacts?tier=Close").json().path("items"))
                .hasSize(1);

        Response wrong = as(user).get("/api/contacts?status=gone");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("errors").get(0).path("field").asString()).isEqualTo("status");
        assertThat(wrong.json().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of "
                        + java.util.Arrays.toString(com.keepintouch.contact.contacts.domain.ContactStatus.values()));
    }

    @Test
    void operatorLookingStringsAreDataNeverQueryOperators() {
        String user = "inject-" + unique();
        as(user).post("/api/contacts", "{\"name\":\"Plain\"}");
        as(user).post("/api/contacts", "{\"name\":\"{\\\"$ne\\\": null}\",\"company\":\"$where\",\"tags\":[\"a.b\"]}");

        for (String q : List.of("{\"$ne\": null}", "$where", ".*", "$gt", "a.b")) {
            Response response = as(user).get("/api/contacts?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            assertThat(response.status()).isEqualTo(200);
            response.json()
                    .path("items")
                    .forEach(item -> assertThat(item.path("name").asString()).isNotEqualTo("Plain"));
        }
        assertThat(as(user).get("/api/contacts?tag=" + URLEncoder.encode("{\"$ne\":null}", StandardCharsets.UTF_8))
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(as(user).get("/api/contacts/" + URLEncoder.encode("{\"$ne\":null}", StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(404);
        assertThat(as(user).post("/api/contacts", "{\"name\":{\"$ne\":null}}").status())
                .isEqualTo(400);
    }
}
